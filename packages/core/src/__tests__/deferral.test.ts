import { describe, expect, it } from 'vitest';
import {
  RingBufferAuditLog,
  auditKey,
  createTandem,
  defineStage,
  isPlacementError,
  personal,
  pipeline,
  RemoteUnavailableError,
  type RemoteRequest,
  type RemoteResponse,
  type RemoteTransport,
} from '../index.js';
import { capabilities } from './situations.js';
import { redact } from './speech-stages.js';

/**
 * A queueing transport like functions-client's offline queue: a deferred request is kept and
 * answered when `deliver()` is called; a request that is not deferred fails while offline.
 */
class QueueingTransport implements RemoteTransport {
  readonly calls: RemoteRequest[] = [];
  readonly #waiting: (() => void)[] = [];
  async send(request: RemoteRequest): Promise<RemoteResponse> {
    this.calls.push(structuredClone(request));
    if (request.deferred !== true) throw new RemoteUnavailableError({ endpoint: request.endpoint, reason: 'offline' });
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
    return { output: `es: ${String(request.payload)}`, report: { backend: 'remote', runMs: 1 } };
  }
  deliver(): void {
    for (const resolve of this.#waiting.splice(0)) resolve();
  }
}

const translate = defineStage<string, string, 'sanitized'>({
  name: 'translate',
  outputLabel: 'sanitized',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', deferrable: true },
});
const shout = defineStage<string, string, 'sanitized'>({
  name: 'shout',
  outputLabel: 'sanitized',
  local: { runner: { run: (t) => Promise.resolve({ output: t.toUpperCase(), report: { backend: 'js', runMs: 0 } }) } },
});
const speech = pipeline('speech', 'personal').then(redact).then(translate).then(shout);

function setup(online: { value: boolean }, transport: RemoteTransport = new QueueingTransport()) {
  const audit = new RingBufferAuditLog(16);
  const tandem = createTandem({
    policy: { version: 'defer-1', mode: 'prefer-local' },
    transport,
    capabilities: () => capabilities({ online: online.value }),
    audit,
  });
  return { tandem, audit };
}

describe('deferring a remote stage while offline', () => {
  it('start() settles as deferred, the queued request carries only sanitized text, completion finishes the run', async () => {
    const transport = new QueueingTransport();
    const { tandem, audit } = setup({ value: false }, transport);
    const outcome = await tandem.start(speech, personal('write to ana@example.com'));
    expect(outcome.status).toBe('deferred');
    if (outcome.status !== 'deferred') return;
    expect(outcome.stage).toBe('translate');
    expect(outcome.decision).toMatchObject({ choice: 'deferred', rule: 'defer:offline', order: ['remote'] });
    expect(outcome.trace.stages.map((s) => s.stage)).toEqual(['redact']);
    expect(outcome.explanations.at(-1)).toMatch(/^"translate" is deferred because the device is offline/);
    // The audit trail has the deferral before anything was delivered.
    expect(audit.records().map((r) => [r.stage, r.choice, r.ranOn])).toEqual([
      ['redact', 'local', 'local'],
      ['translate', 'deferred', undefined],
    ]);
    expect((await audit.list()).map((e) => [e.key, e.state])).toEqual([
      [auditKey(outcome.decisions[0]!), 'settled'],
      [auditKey(outcome.decision), 'pending'],
    ]);
    await Promise.resolve();
    expect(transport.calls.map((c) => [c.stage, c.label, c.deferred, c.payload])).toEqual([['translate', 'sanitized', true, 'write to [email]']]);

    transport.deliver();
    const result = await outcome.completion;
    expect(result.output).toMatchObject({ label: 'sanitized', value: 'ES: WRITE TO [EMAIL]' });
    expect(result.trace.stages.map((s) => [s.stage, s.placement, s.deferred ?? false])).toEqual([
      ['redact', 'local', false],
      ['translate', 'remote', true],
      ['shout', 'local', false],
    ]);
    expect(result.decisions[1]).toMatchObject({ choice: 'deferred', ranOn: 'remote' });
    expect(result.explanations[1]).toMatch(/^"translate" ran remotely after being deferred because/);
    // The outcome supersedes the pending deferral: one record for the decision, which still says
    // it was deferred (choice) and where it ran once delivered (ranOn); its entry is settled.
    const records = audit.records().filter((r) => r.stage === 'translate');
    expect(records.map((r) => [r.id, r.choice, r.ranOn])).toEqual([[outcome.decision.id, 'deferred', 'remote']]);
    expect((await audit.list()).map((e) => [e.decision.stage, e.state])).toEqual([
      ['redact', 'settled'],
      ['translate', 'settled'],
      ['shout', 'settled'],
    ]);
  });

  it('run() waits for the delivery; a deferred attempt has no stage timeout', async () => {
    const transport = new QueueingTransport();
    const { tandem } = setup({ value: false }, transport);
    const running = tandem.run(speech, personal('hi'), { stageTimeoutMs: 20 });
    await new Promise((r) => setTimeout(r, 60));
    transport.deliver();
    const result = await running;
    expect(result.output.value).toBe('ES: HI');
  });

  it('online, the same pipeline is not deferred: start() settles done', async () => {
    const online = new (class implements RemoteTransport {
      send(request: RemoteRequest): Promise<RemoteResponse> {
        return Promise.resolve({ output: `es: ${String(request.payload)}`, report: { backend: 'remote', runMs: 1 } });
      }
    })();
    const { tandem } = setup({ value: true }, online);
    const outcome = await tandem.start(speech, personal('hi'));
    expect(outcome.status).toBe('done');
    if (outcome.status === 'done') expect(outcome.output.value).toBe('ES: HI');
  });

  it('a transport that does not queue fails the deferred stage: completion rejects with PlacementError', async () => {
    const refusing: RemoteTransport = {
      send: (request) => Promise.reject(new RemoteUnavailableError({ endpoint: request.endpoint, reason: 'offline' })),
    };
    const { tandem } = setup({ value: false }, refusing);
    const outcome = await tandem.start(speech, personal('hi'));
    expect(outcome.status).toBe('deferred');
    if (outcome.status !== 'deferred') return;
    await expect(outcome.completion).rejects.toSatisfy(isPlacementError);
  });

  it('the policy can turn deferral off: the run fails at once and nothing is handed to the transport', async () => {
    const transport = new QueueingTransport();
    const tandem = createTandem({
      policy: { version: 'defer-2', defer: false },
      transport,
      capabilities: capabilities({ online: false }),
    });
    await expect(tandem.start(speech, personal('hi'))).rejects.toSatisfy(isPlacementError);
    expect(transport.calls).toEqual([]);
  });
});
