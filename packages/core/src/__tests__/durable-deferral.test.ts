import { describe, expect, it } from 'vitest';
import { createTandem, defineStage, personal, pipeline, type RemoteRequest, type RemoteResponse, type RemoteTransport } from '../index.js';
import { capabilities } from './situations.js';
import { redact } from './speech-stages.js';

/** Like functions-client's transport: a deferred request is saved (taking `saveMs`), then onQueued. */
function durableTransport(saveMs: number): RemoteTransport & { savedAt: number } {
  const transport = {
    queuesDurably: true,
    savedAt: 0,
    async send(request: RemoteRequest): Promise<RemoteResponse> {
      await new Promise((r) => setTimeout(r, saveMs));
      transport.savedAt = Date.now();
      request.onQueued?.();
      await new Promise(() => {}); // delivered some day
      return { output: '', report: { backend: 'remote', runMs: 0 } };
    },
  };
  return transport;
}

const translate = defineStage<string, string, 'sanitized'>({
  name: 'translate',
  outputLabel: 'sanitized',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', deferrable: true },
});

describe('a deferral with a durably queueing transport', () => {
  it('is reported only once the transport says the request is queued', async () => {
    const transport = durableTransport(200);
    const tandem = createTandem({ policy: { version: 'd', mode: 'prefer-remote' }, transport, capabilities: capabilities({ online: false }) });
    const outcome = await tandem.start(pipeline('mt', 'personal').then(redact).then(translate), personal('call Ana'));
    expect(outcome.status).toBe('deferred');
    expect(transport.savedAt).toBeGreaterThan(0);
    expect(Date.now()).toBeGreaterThanOrEqual(transport.savedAt);
  });
});
