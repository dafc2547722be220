// The README's example, run: if this fails, the README says something the code does not do.
import { expect, expectTypeOf, it } from 'vitest';
import { checkPlainText, defineRoute, defineSchema, isRecord, onlyKeys, parseWith, type Parsed, type RouteContract } from '../index.js';

it('README example: the mood route refuses a control character, naming the path, never the value', () => {
  const moodRoute = defineRoute({
    route: '/v1/mood',
    input: defineSchema<{ text: string }>((v, issues) => {
      if (!isRecord(v, [], issues)) return { text: '' };
      onlyKeys(v, ['text'], [], issues); // strict: nothing unexpected is forwarded
      return { text: checkPlainText(v.text, ['text'], issues) }; // 1–4000 code points, no control characters
    }),
    output: defineSchema<{ mood: string }>((v, issues) => ({ mood: isRecord(v, [], issues) && typeof v.mood === 'string' ? v.mood : '' })),
  });
  const result = parseWith(moodRoute.input, { text: 'x\u001b[2J' });

  expect(result).toEqual({ ok: false, issues: ['text: text must be plain text (no control characters)'] });
  expect(parseWith(moodRoute.input, { text: 'fine', extra: 1 }).ok).toBe(false); // "strict"
  expect(parseWith(moodRoute.input, { text: 'fine' })).toEqual({ ok: true, value: { text: 'fine' } });
  expect(moodRoute.route).toBe('/v1/mood');
  expectTypeOf(moodRoute).toEqualTypeOf<RouteContract<{ text: string }, { mood: string }>>();
  expectTypeOf(result).toEqualTypeOf<Parsed<{ text: string }>>();
});
