import { describe, expect, it } from 'vitest';
import {
  SENSITIVITY_LABELS,
  defineSanitizer,
  isLabelled,
  isSensitivityLabel,
  isTrustedLeavable,
  mayLeaveDevice,
  mostSensitive,
  personal,
  publicData,
  raw,
} from '../index.js';

describe('sensitivity labels', () => {
  it('lets only sanitized and public data leave the device', () => {
    expect(SENSITIVITY_LABELS.filter(mayLeaveDevice)).toEqual(['sanitized', 'public']);
  });

  it('orders labels so ordinary stages can never lower them', () => {
    expect(mostSensitive('public', 'raw')).toBe('raw');
    expect(mostSensitive('personal', 'sanitized')).toBe('personal');
    expect(mostSensitive('sanitized', 'public')).toBe('sanitized');
    expect(mostSensitive('personal', 'raw')).toBe('raw');
  });

  it('recognises labels and labelled values', () => {
    expect(isSensitivityLabel('raw')).toBe(true);
    expect(isSensitivityLabel('secret')).toBe(false);
    expect(isSensitivityLabel('toString')).toBe(false);
    expect(isLabelled(raw(1))).toBe(true);
    expect(isLabelled({ label: 'x', value: 1 })).toBe(false);
  });

  it('builds frozen labelled values', () => {
    const r = raw(new Uint8Array(3));
    expect(r.label).toBe('raw');
    expect(Object.isFrozen(r)).toBe(true);
    expect(personal('a').label).toBe('personal');
  });

  it('trusts only sanitizer and publicData output to leave the device', () => {
    const redact = defineSanitizer({ name: 'redact-emails', sanitize: (s: string) => s.replace(/\S+@\S+/g, '[email]') });
    const out = redact(personal('mail me at a@b.c'));
    expect(out).toMatchObject({ label: 'sanitized', value: 'mail me at [email]', sanitizer: 'redact-emails' });
    expect(redact.sanitizerName).toBe('redact-emails');
    expect(isTrustedLeavable(out)).toBe(true);
    expect(isTrustedLeavable(publicData('hello'))).toBe(true);
    // Look-alikes (from JSON, or hand-written) are not trusted.
    expect(isTrustedLeavable(JSON.parse(JSON.stringify(out)))).toBe(false);
    expect(isTrustedLeavable({ label: 'sanitized', value: 'x', sanitizer: 'me' })).toBe(false);
    expect(isTrustedLeavable(raw('x'))).toBe(false);
    expect(isTrustedLeavable(personal('x'))).toBe(false);
  });

  it('refuses an unnamed sanitizer', () => {
    expect(() => defineSanitizer({ name: ' ', sanitize: (s: string) => s })).toThrow(TypeError);
  });
});
