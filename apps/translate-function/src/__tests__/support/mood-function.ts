import { checkPlainText, defineFunction, defineRoute, defineSchema, isRecord, onlyKeys } from '@tandem/functions';

/**
 * A route of a developer's own, as the README shows it: declared with `defineFunction` and served
 * beside translate and punctuate, so the tests can check it passes the very same gates.
 */
export type Mood = 'happy' | 'sad' | 'neutral';

export const moodRoute = defineRoute({
  route: '/v1/mood',
  input: defineSchema<{ text: string }>((value, issues) => {
    if (!isRecord(value, [], issues)) return { text: '' };
    onlyKeys(value, ['text'], [], issues);
    return { text: checkPlainText(value.text, ['text'], issues) };
  }),
  output: defineSchema<{ mood: Mood }>((value, issues) => {
    const mood = isRecord(value, [], issues) ? value.mood : undefined;
    if (mood !== 'happy' && mood !== 'sad' && mood !== 'neutral') issues.add(['mood'], 'happy, sad or neutral');
    return { mood: mood as Mood };
  }),
});

export const moodFunction = defineFunction({
  ...moodRoute,
  handler: ({ input }) => ({ mood: /\b(glad|great|love)\b/i.test(input.text) ? 'happy' : /\b(sad|awful)\b/i.test(input.text) ? 'sad' : 'neutral' }),
});
