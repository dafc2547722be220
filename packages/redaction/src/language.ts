import nlp from 'compromise';
import datesPlugin, { type DatesMethods } from 'compromise-dates';

/**
 * compromise is the one NLP library behind names, places, organisations, dates and number words:
 * it tags lower-case ASR text well enough (issue 7 measured ~10 ms a sentence). The dates plugin
 * is registered on first use rather than at import, so importing this package does no work.
 */
export type Document = ReturnType<typeof nlp<DatesMethods>>;

let datesRegistered = false;

export function parseText(text: string): Document {
  if (!datesRegistered) {
    nlp.plugin(datesPlugin);
    datesRegistered = true;
  }
  return nlp<DatesMethods>(text);
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

const wordValues = new Map<string, number | null>();

/**
 * The cardinal value of one word (`seven` → 7, `twenty-three` → 23, `415` → 415), or null.
 * Ordinals (`third`) and words compromise does not tag as cardinal numbers give null. Cached:
 * the vocabulary of number words is small and parsing costs a fraction of a millisecond.
 */
export function cardinalValue(word: string): number | null {
  const cached = wordValues.get(word);
  if (cached !== undefined) return cached;
  let value: number | null = null;
  const doc = parseText(word);
  if (doc.has('^#Cardinal$') && !doc.has('#Ordinal')) {
    const values: unknown = doc.numbers().get();
    const first: unknown = Array.isArray(values) ? values[0] : undefined;
    if (typeof first === 'number' && Number.isInteger(first) && first >= 0) value = first;
  }
  wordValues.set(word, value);
  return value;
}

const tagCache = new Map<string, ReadonlySet<string>>();

/** compromise's tags for a single word out of context (`may` → Month, `third` → Ordinal). Cached. */
export function wordTags(word: string): ReadonlySet<string> {
  let tags = tagCache.get(word);
  if (tags === undefined) {
    const json: unknown = parseText(word).json();
    const terms: unknown = Array.isArray(json) ? (json[0] as { terms?: unknown } | undefined)?.terms : undefined;
    const first: unknown = Array.isArray(terms) ? terms[0] : undefined;
    const list: unknown = typeof first === 'object' && first !== null ? (first as { tags?: unknown }).tags : undefined;
    tags = new Set(Array.isArray(list) ? list.filter((t): t is string => typeof t === 'string') : []);
    tagCache.set(word, tags);
  }
  return tags;
}
