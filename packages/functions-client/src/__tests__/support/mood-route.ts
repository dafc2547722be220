import { checkPlainText, defineRoute, defineSchema, isRecord, onlyKeys } from '@tandem/functions';

/** A developer's own route for these tests: `/v1/mood`, plain text in, a mood out. */
export const moodRoute = defineRoute({
  route: '/v1/mood',
  input: defineSchema<{ text: string }>((v, issues) => {
    if (!isRecord(v, [], issues)) return { text: '' };
    onlyKeys(v, ['text'], [], issues);
    return { text: checkPlainText(v.text, ['text'], issues) };
  }),
  output: defineSchema<{ mood: string }>((v, issues) => ({ mood: isRecord(v, [], issues) && typeof v.mood === 'string' ? v.mood : (issues.add(['mood'], 'expected a string'), '') })),
});
