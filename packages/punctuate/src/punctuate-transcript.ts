/**
 * PocketSphinx hands back lower-case words with no punctuation ("my name is ⟦1⟧ i live in ⟦2⟧").
 * These rules make it read like a sentence before it is shown and translated. They are rules,
 * not a model: they cannot find sentence breaks inside an utterance or tell a statement that
 * is phrased as a question; they never touch a redaction placeholder (`⟦…⟧`), so restoring the
 * originals on the device still works, and applying them twice changes nothing.
 */

/** What each rule does, in the order they run; `rules` in the result names the ones that fired. */
export const PUNCTUATION_RULES = Object.freeze({
  whitespace: 'collapse runs of whitespace and trim',
  pronoun: 'the pronoun "i" (and i\'m, i\'ll, i\'ve, i\'d) is written "I"',
  'proper-noun': 'weekdays, months and language names are capitalised',
  'sentence-start': 'a sentence starts with a capital letter',
  'final-punctuation': 'a sentence ends with "?" when it opens like a question, else "."',
} as const);
export type PunctuationRule = keyof typeof PUNCTUATION_RULES;

export interface PunctuatedText {
  readonly text: string;
  /** The rules that changed something, in order (empty when the text was already tidy). */
  readonly rules: readonly PunctuationRule[];
}

const PLACEHOLDER = /^[^\p{L}\p{N}]*⟦[^⟧]*⟧/u;

const PRONOUN = /^i('(m|ll|ve|d))?$/;

// "may" and "march" are left out on purpose: as a verb or a noun they are more common than the month.
const PROPER = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
  'january', 'february', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'english', 'spanish', 'catalan', 'french', 'german', 'italian', 'portuguese',
]);

/** Words that open a question when they come first (wh-words and auxiliaries). */
const QUESTION_OPENERS = new Set([
  'what', 'where', 'when', 'why', 'who', 'whom', 'whose', 'which', 'how',
  'is', 'are', 'am', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'would', 'will', 'shall', 'should',
  'have', 'has', 'had', "isn't", "aren't", "don't", "doesn't", "didn't", "can't", "won't", "wouldn't", "couldn't", "shouldn't",
]);

const SENTENCE_END = /[.?!…]["')\]]*$/;

function capitalise(word: string): string {
  const first = word.match(/\p{L}/u);
  if (first?.index === undefined) return word;
  return word.slice(0, first.index) + word.charAt(first.index).toUpperCase() + word.slice(first.index + 1);
}

/** The word without surrounding punctuation, lower-cased, for rule lookups. */
function bare(token: string): string {
  return token.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, '').toLowerCase();
}

/** Punctuates and truecases one transcript (one utterance; several sentences if already split by ".?!"). */
export function punctuateTranscript(input: string): PunctuatedText {
  const rules = new Set<PunctuationRule>();
  const collapsed = input.replace(/\s+/g, ' ').trim();
  if (collapsed !== input) rules.add('whitespace');
  if (collapsed === '') return { text: '', rules: [...rules] };

  const tokens = collapsed.split(' ');
  let sentenceStart = true;
  let firstWordOfSentence: string | undefined;
  const out: string[] = [];
  for (const token of tokens) {
    let next = token;
    if (!PLACEHOLDER.test(token)) {
      const word = bare(token);
      if (PRONOUN.test(word) && /(^|[^\p{L}])i/u.test(token)) {
        next = token.replace(/(^|[^\p{L}])i(?=('(m|ll|ve|d))?([^\p{L}]|$))/u, '$1I');
        if (next !== token) rules.add('pronoun');
      } else if (PROPER.has(word)) {
        next = capitalise(token);
        if (next !== token) rules.add('proper-noun');
      }
      if (sentenceStart) {
        const capital = capitalise(next);
        if (capital !== next) rules.add('sentence-start');
        next = capital;
        firstWordOfSentence = word;
      }
    } else if (sentenceStart) {
      firstWordOfSentence = undefined;
    }
    sentenceStart = SENTENCE_END.test(next);
    out.push(next);
  }
  let text = out.join(' ');
  if (!SENTENCE_END.test(text)) {
    // The last sentence's opener decides; a placeholder opener (a name) reads as a statement.
    text += firstWordOfSentence !== undefined && QUESTION_OPENERS.has(firstWordOfSentence) ? '?' : '.';
    rules.add('final-punctuation');
  }
  return { text, rules: [...rules] };
}
