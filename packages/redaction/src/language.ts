import nlp from 'compromise';
import datesPlugin, { type DatesMethods } from 'compromise-dates';

/**
 * compromise is the one NLP library behind names, places, organisations, dates and number words:
 * it tags lower-case ASR text well enough (issue 7 measured ~10 ms a sentence). The dates plugin
 * is registered on first use rather than at import, so importing this package does no work.
 */
export type Document = ReturnType<typeof nlp<DatesMethods>>;

let datesRegistered = false;

/**
 * Words of ASR output that compromise's guesses get wrong, with what they are. "o'clock" looks
 * like an Irish surname to it (O'Brien), so "three o'clock" came out as "three ⟦1⟧ (person)";
 * "oclock" is how some engines write it, and "o'five" ("nine o'five") is the one other "o'" word
 * in PocketSphinx's dictionary that is no surname. Retagged per document, not in compromise's
 * global lexicon.
 */
const RETAGGED: readonly (readonly [match: string, tag: string])[] = [["(o'clock|oclock|o'five)", 'Time']];

export function parseText(text: string): Document {
  if (!datesRegistered) {
    nlp.plugin(datesPlugin);
    datesRegistered = true;
  }
  const doc = nlp<DatesMethods>(text);
  for (const [match, tag] of RETAGGED) doc.match(match).unTag('Noun').tag(tag);
  tagUnknownSurnames(doc);
  return doc;
}

/**
 * A first name followed by a noun compromise has never seen is a name with its surname: a
 * recogniser writes a surname it does not know as the nearest words in its dictionary ("john dot
 * smith" → "john dodson"), and compromise tags such a pair as a person on its own but not always
 * inside a sentence ("my email is john dodson if …" kept "dodson").
 */
function tagUnknownSurnames(doc: Document): void {
  doc
    .match('#FirstName [#Singular]', 0)
    .not('#Person')
    .filter((m) => lexiconTags(m.text('normal')).length === 0)
    .tag('LastName');
}

/** A match of a compromise view, as a character span of the parsed text. */
export interface MatchSpan {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface OffsetJson {
  text: string;
  offset: { start: number; length: number };
}

function isOffsetJson(value: unknown): value is OffsetJson {
  if (typeof value !== 'object' || value === null) return false;
  const { text, offset } = value as Partial<OffsetJson>;
  return (
    typeof text === 'string' &&
    typeof offset === 'object' &&
    offset !== null &&
    typeof offset.start === 'number' &&
    typeof offset.length === 'number'
  );
}

/** compromise's `json()` is untyped; keep only well-formed entries. */
export function matchSpans(view: { json(options?: object): unknown }): MatchSpan[] {
  const json: unknown = view.json({ offset: true, terms: false });
  if (!Array.isArray(json)) return [];
  return json.filter(isOffsetJson).map((m) => ({
    text: m.text,
    start: m.offset.start,
    end: m.offset.start + m.offset.length,
  }));
}

let lexicon: Readonly<Record<string, unknown>> | undefined;

/** compromise's out-of-context tags for a word, straight from its lexicon (no parsing). */
export function lexiconTags(word: string): readonly string[] {
  if (lexicon === undefined) {
    const model: unknown = nlp.model();
    const one: unknown = typeof model === 'object' && model !== null ? (model as { one?: unknown }).one : undefined;
    const found: unknown = typeof one === 'object' && one !== null ? (one as { lexicon?: unknown }).lexicon : undefined;
    lexicon = typeof found === 'object' && found !== null ? (found as Record<string, unknown>) : {};
  }
  const tags = Object.hasOwn(lexicon, word) ? lexicon[word] : undefined;
  if (typeof tags === 'string') return [tags];
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Every part of a (possibly hyphenated) word carries the tag: "twenty-three" is Cardinal. */
export function isTaggedWord(word: string, tag: string): boolean {
  const parts = word.split('-');
  return parts.every((part) => part !== '' && lexiconTags(part).includes(tag));
}

const wordValues = new Map<string, number | null>();

/**
 * The cardinal value of one word (`seven` → 7, `twenty-three` → 23), or null. Only words whose
 * parts compromise's lexicon lists as cardinal numbers are parsed (and cached), so the cache holds
 * number words, not everything the user said. Written digits are read by the caller.
 */
export function cardinalValue(word: string): number | null {
  if (!isTaggedWord(word, 'Cardinal')) return null;
  const cached = wordValues.get(word);
  if (cached !== undefined) return cached;
  let value: number | null = null;
  const values: unknown = parseText(word).numbers().get();
  const first: unknown = Array.isArray(values) ? values[0] : undefined;
  if (typeof first === 'number' && Number.isInteger(first) && first >= 0) value = first;
  wordValues.set(word, value);
  return value;
}
