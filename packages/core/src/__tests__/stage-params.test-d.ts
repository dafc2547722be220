import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { createTandem, defineStage, personal, pipeline, type RemoteTransport } from '../index.js';
import { redact } from './speech-stages.js';

declare const transport: RemoteTransport;
const tandem = createTandem({ policy: { version: 't' }, transport, capabilities: { webgpu: { available: false, shaderF16: false }, webnn: false, wasm: { simd: true, threads: false }, crossOriginIsolated: false, hardwareConcurrency: 1, online: true } });

const translate = defineStage<string, string, 'sanitized', unknown, { target: 'spa' | 'cat' }, 'translate'>({
  name: 'translate',
  outputLabel: 'sanitized',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu' },
  params: z.object({ target: z.enum(['spa', 'cat']) }),
});
const p = pipeline('mt', 'personal').then(redact).then(translate);

describe('per-run params in the types', () => {
  it('types run(…, { params }) from the stages that declare a schema', () => {
    void tandem.run(p, personal('hi'), { params: { translate: { target: 'cat' } } });
    // @ts-expect-error not a target the schema allows
    void tandem.run(p, personal('hi'), { params: { translate: { target: 'deu' } } });
    // @ts-expect-error the stage's params are required by its type
    void tandem.run(p, personal('hi'), { params: {} });
  });

  it('leaves pipelines without parameterised stages as before', () => {
    const plain = pipeline('plain', 'personal').then(redact);
    void tandem.run(plain, personal('hi'));
    expectTypeOf(p.name).toBeString();
  });
});
