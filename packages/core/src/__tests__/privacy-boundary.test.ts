import { describe, expect, it } from 'vitest';
import {
  createPrivacyBoundary,
  defineSanitizer,
  definePolicy,
  isPrivacyViolationError,
  isRemoteUnavailableError,
  personal,
  publicData,
  raw,
  type Leavable,
  type PrivacyViolationError,
} from '../index.js';
import { RecordingTransport } from './recording-transport.js';

const translate = {
  name: 'translate',
  remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu', costPerCallUsd: 0.0001 },
};
const redactEmails = defineSanitizer({
  name: 'redact-emails',
  sanitize: (text: string) => text.replace(/\S+@\S+/g, '[email]'),
});

async function refusal(promise: Promise<unknown>): Promise<PrivacyViolationError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isPrivacyViolationError(error)) throw new Error(`expected a PrivacyViolationError, got ${String(error)}`);
  return error;
}

describe('privacy boundary (fail closed)', () => {
  it.each([
    ['raw', raw(new Float32Array(16000))],
    ['personal', personal('Call Ana at ana@example.com')],
  ] as const)('refuses %s data and the transport sees nothing', async (label, value) => {
    const transport = new RecordingTransport();
    const boundary = createPrivacyBoundary({ transport });
    // The cast simulates a caller who bypasses the types (JS, `any`); the run-time check still holds.
    const error = await refusal(boundary.send(translate, value as unknown as Leavable<unknown>));
    expect(error.details).toMatchObject({ stage: 'translate', label, destination: translate.remote.endpoint, rule: 'label' });
    expect(error.message).toContain(`labelled "${label}"`);
    expect(transport.calls).toHaveLength(0);
  });

  it('refuses unlabelled data as raw', async () => {
    const transport = new RecordingTransport();
    const boundary = createPrivacyBoundary({ transport });
    const error = await refusal(boundary.send(translate, 'plain text' as unknown as Leavable<string>));
    expect(error.details.label).toBe('raw');
    expect(transport.calls).toHaveLength(0);
  });

  it('refuses a look-alike "sanitized" value that no declared sanitizer produced', async () => {
    const transport = new RecordingTransport();
    const boundary = createPrivacyBoundary({ transport });
    const forged = JSON.parse(JSON.stringify(redactEmails(personal('a@b.c')))) as Leavable<string>;
    const error = await refusal(boundary.send(translate, forged));
    expect(error.details.rule).toBe('unsanitized');
    expect(transport.calls).toHaveLength(0);
  });

  it('sends sanitizer output, with its label and sanitizer name, and nothing else', async () => {
    const transport = new RecordingTransport((r) => `ES: ${String(r.payload)}`);
    const boundary = createPrivacyBoundary({ transport });
    const result = await boundary.send(translate, redactEmails(personal('write to ana@example.com')));
    expect(result.output).toBe('ES: write to [email]');
    expect(transport.calls).toEqual([
      {
        stage: 'translate',
        endpoint: translate.remote.endpoint,
        region: 'eu',
        label: 'sanitized',
        sanitizer: 'redact-emails',
        payload: 'write to [email]',
        bytes: 16,
      },
    ]);
    expect(JSON.stringify(transport.calls)).not.toContain('ana@example.com');
    expect(result.bytesSent).toBe(16);
  });

  it('sends public data', async () => {
    const transport = new RecordingTransport();
    const boundary = createPrivacyBoundary({ transport });
    await boundary.remoteRunner(translate).run(publicData('Hello'));
    expect(transport.calls.map((c) => [c.label, c.payload])).toEqual([['public', 'Hello']]);
  });

  it('applies residency rules from the policy before the transport', async () => {
    const transport = new RecordingTransport();
    const deviceOnly = createPrivacyBoundary({
      transport,
      policy: definePolicy({ version: 'r1', stages: { translate: { residency: 'device-only' } } }),
    });
    expect((await refusal(deviceOnly.send(translate, publicData('x')))).details.rule).toBe('residency-device-only');
    const usOnly = createPrivacyBoundary({ transport, policy: definePolicy({ version: 'r1', residency: { regions: ['us'] } }) });
    const regionError = await refusal(usOnly.send(translate, publicData('x')));
    expect(regionError.details.rule).toBe('residency-region');
    expect(regionError.details.destination).toContain('region "eu"');
    expect(transport.calls).toHaveLength(0);
    const euOnly = createPrivacyBoundary({ transport, policy: definePolicy({ version: 'r1', residency: { regions: ['eu'] } }) });
    await euOnly.send(translate, publicData('x'));
    expect(transport.calls).toHaveLength(1);
  });

  it('turns an output that fails parseOutput into RemoteUnavailableError(invalid-response)', async () => {
    const transport = new RecordingTransport(() => ({ unexpected: true }));
    const boundary = createPrivacyBoundary({ transport });
    const strict = {
      name: 'translate',
      remote: {
        ...translate.remote,
        parseOutput: (v: unknown): string => {
          if (typeof v !== 'string') throw new TypeError('expected a string');
          return v;
        },
      },
    };
    const error: unknown = await boundary.send(strict, publicData('x')).catch((e: unknown) => e);
    expect(isRemoteUnavailableError(error) && error.details.reason).toBe('invalid-response');
  });
});
