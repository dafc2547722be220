import {
  baselineCapabilities,
  createTandem,
  defineStage,
  isTrustedLeavable,
  isValidationError,
  personal,
  pipeline,
  type RemoteRequest,
  type RemoteResponse,
  type RemoteTransport,
} from '@tandem/core';
import { describe, expect, it } from 'vitest';
import { createTranscriptRedactor, restoreTranscript, type RedactedTranscript, type SanitizedTranscript } from '../index.js';

const SAID = 'hi this is maria garcia my email is maria dot garcia at example dot com and my card is 4111 1111 1111 1111';
const VALUES = ['maria', 'garcia', 'example', '4111'];

/** Stands in for the network: records what crossed the boundary and "translates" by tagging it. */
class RecordingTransport implements RemoteTransport {
  readonly calls: RemoteRequest[] = [];
  send(request: RemoteRequest): Promise<RemoteResponse> {
    this.calls.push(structuredClone(request));
    const { text } = request.payload as SanitizedTranscript;
    return Promise.resolve({ output: `ES: ${text}`, report: { backend: 'remote', runMs: 1 } });
  }
}

describe('createTranscriptRedactor (core sanitizer)', () => {
  it('lowers personal text to sanitized, with only placeholders in the value', () => {
    const redactor = createTranscriptRedactor();
    const out = redactor.sanitizer(personal(SAID));
    expect(out.label).toBe('sanitized');
    expect(out.sanitizer).toBe('redact-transcript');
    expect(isTrustedLeavable(out)).toBe(true);
    expect(out.value).toEqual({
      text: 'hi this is ⟦1⟧ my email is ⟦2⟧ and my card is ⟦3⟧',
      redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧', '⟦3⟧'] },
    });
    const wire = JSON.stringify(out);
    for (const v of VALUES) expect(wire).not.toContain(v);
    // The mapping stays on the device, reachable only through the redactor.
    expect(redactor.mappingFor(out.value)?.['⟦2⟧']).toMatchObject({ kind: 'email', normalized: 'maria.garcia@example.com' });
    expect(redactor.restore('Hola ⟦1⟧ ⟦2⟧ ⟦3⟧', out.value).text).toBe(
      'Hola maria garcia maria dot garcia at example dot com 4111 1111 1111 1111',
    );
  });

  it('refuses to restore a copy that came back over the wire', () => {
    const redactor = createTranscriptRedactor();
    const out = redactor.sanitizer(personal(SAID));
    const copy = structuredClone(out.value);
    expect(redactor.mappingFor(copy)).toBeUndefined();
    const error: unknown = (() => {
      try {
        redactor.restore('x', copy);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(isValidationError(error)).toBe(true);
  });

  it('runs as a pipeline stage: only the placeholders reach the remote translation, originals come back on the device', async () => {
    let kept: RedactedTranscript | undefined;
    const redactor = createTranscriptRedactor({ onRedacted: (redacted) => (kept = redacted) });
    const translate = defineStage<SanitizedTranscript, string, 'sanitized'>({
      name: 'translate',
      outputLabel: 'sanitized',
      remote: { endpoint: 'https://fn.example/v1/translate', region: 'eu' },
    });
    const transport = new RecordingTransport();
    const tandem = createTandem({
      policy: { version: 'test', mode: 'prefer-remote' },
      transport,
      capabilities: baselineCapabilities({ online: true }),
    });
    const flow = pipeline('redact-translate', 'personal').then(redactor.stage).then(translate);
    const result = await tandem.run(flow, personal(SAID));

    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]).toMatchObject({ stage: 'translate', label: 'sanitized', sanitizer: 'redact-transcript' });
    const wire = JSON.stringify(transport.calls.map((c) => c.payload));
    for (const v of VALUES) expect(wire).not.toContain(v);

    expect(result.output.value).toBe('ES: hi this is ⟦1⟧ my email is ⟦2⟧ and my card is ⟦3⟧');
    if (kept === undefined) throw new Error('onRedacted was not called');
    expect(restoreTranscript(result.output.value, kept.placeholders).text).toBe(
      'ES: hi this is maria garcia my email is maria dot garcia at example dot com and my card is 4111 1111 1111 1111',
    );
  });
});
