import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTandem,
  defineStage,
  isValidationError,
  personal,
  pipeline,
  toOtelAttributes,
  type RunOptions,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';
import { capabilities } from './situations.js';
import { redact } from './speech-stages.js';

const languages = z.object({ source: z.enum(['eng']), target: z.enum(['spa', 'cat']) });

function stages() {
  const seen: (RunOptions['params'] | undefined)[] = [];
  const translate = defineStage<string, string, 'sanitized', unknown, z.infer<typeof languages>, 'translate'>({
    name: 'translate',
    outputLabel: 'sanitized',
    local: { runner: { run: (t, o) => (seen.push(o?.params), Promise.resolve({ output: `${o?.params?.target}: ${t}`, report: { backend: 'js', runMs: 0 } })) } },
    remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu' },
    params: languages,
  });
  return { translate, seen, p: pipeline('mt', 'personal').then(redact).then(translate) };
}

function setup(mode: 'prefer-local' | 'prefer-remote') {
  const transport = new RecordingTransport((r) => `${String(r.params?.target)}(remote): ${String(r.payload)}`);
  const tandem = createTandem({ policy: { version: 'params-1', mode }, transport, capabilities: capabilities() });
  return { tandem, transport };
}

describe('per-run stage parameters', () => {
  it('reach the device runner and the remote without rebuilding the pipeline, and are in the trace', async () => {
    const { p, seen } = stages();
    const local = setup('prefer-local');
    const a = await local.tandem.run(p, personal('hi ana@example.com'), { params: { translate: { source: 'eng', target: 'spa' } } });
    const b = await local.tandem.run(p, personal('hi'), { params: { translate: { source: 'eng', target: 'cat' } } });
    expect([a.output.value, b.output.value]).toEqual(['spa: hi [email]', 'cat: hi']);
    expect(seen).toEqual([{ source: 'eng', target: 'spa' }, { source: 'eng', target: 'cat' }]);
    expect(a.trace.stages.map((s) => s.params)).toEqual([undefined, { source: 'eng', target: 'spa' }]);
    expect(toOtelAttributes(a.trace.stages[1]!)).toMatchObject({ 'tandem.param.source': 'eng', 'tandem.param.target': 'spa' });

    const remote = setup('prefer-remote');
    const c = await remote.tandem.run(p, personal('hi ana@example.com'), { params: { translate: { source: 'eng', target: 'cat' } } });
    expect(c.output.value).toBe('cat(remote): hi [email]');
    expect(remote.transport.calls.map((r) => [r.payload, r.params])).toEqual([['hi [email]', { source: 'eng', target: 'cat' }]]);
    expect(c.trace.stages[1]).toMatchObject({ placement: 'remote', params: { source: 'eng', target: 'cat' } });
  });

  it('are validated before any stage runs: schema errors, missing params, unknown stages, long values', async () => {
    const { p, seen } = stages();
    const { tandem, transport } = setup('prefer-remote');
    const attempts: unknown[] = [
      { translate: { source: 'eng', target: 'deu' } },
      undefined,
      { translate: { source: 'eng', target: 'spa' }, transalte: { target: 'spa' } },
      { redact: { strict: true }, translate: { source: 'eng', target: 'spa' } },
    ];
    const messages: string[] = [];
    for (const params of attempts) {
      const error: unknown = await tandem.run(p, personal('hi'), { params: params as never }).catch((e: unknown) => e);
      expect(isValidationError(error)).toBe(true);
      messages.push((error as Error).message);
    }
    expect(messages[0]).toContain('translate.target');
    expect(messages[1]).toContain('translate');
    expect(messages[2]).toContain('transalte: no stage of "mt" has this name');
    expect(messages[3]).toContain('redact: the stage takes no parameters');
    expect(transport.calls).toEqual([]);
    expect(seen).toEqual([]);

    // A schema that lets text through is still stopped: params are recorded, never data.
    const loose = defineStage<string, string, 'sanitized', unknown, { note: string }, 'note'>({
      name: 'note',
      outputLabel: 'sanitized',
      remote: { endpoint: 'https://fn.example/v1/note', region: 'eu' },
      params: z.object({ note: z.string() }),
    });
    const notes = pipeline('notes', 'personal').then(redact).then(loose);
    const error: unknown = await tandem.run(notes, personal('hi'), { params: { note: { note: 'x'.repeat(65) } } }).catch((e: unknown) => e);
    expect(isValidationError(error) && error.message).toContain('at most 64 characters');
    expect(transport.calls).toEqual([]);
  });
});
