// The README's example, kept compiling: if this file breaks, update the README too.
import { expectTypeOf, it } from 'vitest';
import { checkPlainText, defineRoute, defineSchema, isRecord, onlyKeys, parseWith, type Parsed, type RouteContract } from '../index.js';

it('README example compiles', () => {
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

  expectTypeOf(moodRoute).toEqualTypeOf<RouteContract<{ text: string }, { mood: string }>>();
  expectTypeOf(result).toEqualTypeOf<Parsed<{ text: string }>>();
});
