import { describe, expect, test } from 'vitest';
import { AsyncSchemaError, checkRoutePath, defineRoute, openBody, parseWith, RouteError, sealBody, translateInput, translateResponse, type StandardSchemaV1 } from '../index.js';

const good = { text: 'hello ⟦1⟧', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: ['⟦1⟧'] } };

describe('hand-written wire schemas', () => {
  test('a valid translate input passes unchanged', () => {
    expect(parseWith(translateInput, good)).toEqual({ ok: true, value: good });
  });

  test('every problem is reported with its path, never the value', () => {
    const result = parseWith(translateInput, { text: 'x\u001b[2J', source: 'english', redaction: { version: -1, placeholders: ['hello'] }, extra: 1 });
    expect(result).toEqual({
      ok: false,
      issues: [
        'extra: unexpected key',
        'text: text must be plain text (no control characters)',
        'source: not a language code',
        'target: not a language code',
        'redaction.version: expected a non-negative integer',
        'redaction.placeholders.0: a placeholder is ⟦n⟧ with n from 1 to 9999, as @tandem/redaction writes it',
      ],
    });
  });

  test('text length counts code points: 4000 emoji pass, 4001 do not', () => {
    expect(parseWith(translateInput, { ...good, text: '😀'.repeat(4000) }).ok).toBe(true);
    expect(parseWith(translateInput, { ...good, text: '😀'.repeat(4001) }).ok).toBe(false);
    expect(parseWith(translateInput, { ...good, text: '   ' })).toEqual({ ok: false, issues: ['text: text must not be blank'] });
    expect(parseWith(translateInput, { ...good, text: '\uD800' }).ok).toBe(false);
  });

  test('responses tolerate extra keys (a newer function) but not missing ones', () => {
    expect(parseWith(translateResponse, { translation: 'hola', provider: 'p', model: 'm', ms: 1, extra: true }).ok).toBe(true);
    expect(parseWith(translateResponse, { translation: 'hola', provider: 'p', ms: 1 })).toEqual({ ok: false, issues: ['model: expected a string'] });
  });

  test('an asynchronous Standard Schema is refused with a typed error', () => {
    const asyncSchema: StandardSchemaV1<unknown, string> = { '~standard': { version: 1, vendor: 'x', validate: (v) => Promise.resolve({ value: String(v) }) } };
    expect(() => parseWith(asyncSchema, 1)).toThrow(AsyncSchemaError);
  });
});

describe('routes and the label envelope', () => {
  test('a route is an absolute lower-case path', () => {
    expect(() => checkRoutePath('/v1/mood')).not.toThrow();
    for (const bad of ['v1/mood', '/v1/mood/', '/V1/Mood', '/v1/mood?x=1', '/', '']) expect(() => checkRoutePath(bad), bad).toThrow(RouteError);
    expect(() => defineRoute({ route: 'mood' as '/mood', input: translateInput, output: translateResponse })).toThrow(RouteError);
  });

  test('the label travels beside the fields and is taken off before the schema', () => {
    expect(sealBody({ a: 1 })).toEqual({ a: 1, label: 'sanitized' });
    expect(openBody({ a: 1, label: 'sanitized' })).toEqual({ input: { a: 1 }, label: 'sanitized' });
    expect(openBody({ a: 1 })).toEqual({ input: { a: 1 }, label: 'missing' });
    expect(openBody({ a: 1, label: 'raw' })).toEqual({ input: { a: 1 }, label: 'refused' });
    expect(openBody([1])).toBeUndefined();
  });
});
