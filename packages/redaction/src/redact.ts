import type { CountryCode } from 'libphonenumber-js';
import { detectDatesOfBirth } from './detect-dates-of-birth.js';
import { detectEmails } from './detect-emails.js';
import { detectIbans } from './detect-ibans.js';
import { detectKnownNames, type KnownNames } from './detect-known-names.js';
import { detectNames } from './detect-names.js';
import { detectNumbers } from './detect-numbers.js';
import { parseText } from './language.js';
import { formatPlaceholder, neutralizePlaceholderBrackets, REDACTION_VERSION } from './placeholder.js';
import { piecesByFirstToken, readNumberRuns } from './spoken-numbers.js';
import { tokenize } from './tokens.js';
import { ENTITY_KINDS, type Detection, type EntityKind } from './types.js';

/** What one placeholder stands for. Never leaves the device. */
export interface PlaceholderEntry {
  readonly kind: EntityKind;
  /** Exactly what was said, as it appeared in the transcript. */
  readonly original: string;
  /** Canonical form where there is one (`john.smith@example.com`, `4155551234`, `DE89…`). */
  readonly normalized?: string;
}

/** Placeholder (`⟦1⟧`) → what it replaced. Keep it on the device; send only the keys. */
export type PlaceholderMapping = Readonly<Record<string, PlaceholderEntry>>;

export interface RedactedTranscript {
  /** The transcript with every detection replaced by a placeholder: safe to translate remotely. */
  readonly text: string;
  /** Stays on the device, to restore the originals in the translation. */
  readonly placeholders: PlaceholderMapping;
  readonly version: number;
}

export interface RedactOptions {
  /** Kinds to look for; all by default (deny by default: leaving one out is a deliberate choice). */
  readonly kinds?: readonly EntityKind[];
  /** Numbering plan for phone numbers said without "plus". Default `US`. */
  readonly defaultCountry?: CountryCode;
  /** Names known to be personal on this device (contacts, employer): always redacted. */
  readonly knownNames?: KnownNames;
}

/**
 * When two detections overlap, the more specific wins: "john dot smith at example dot com" is
 * one email, not a person and an email; the year in a date of birth is not a separate number.
 */
const PRIORITY: readonly EntityKind[] = [
  'email',
  'card',
  'iban',
  'phone',
  'date-of-birth',
  'digits',
  'person',
  'organization',
  'place',
];

/** Known names rank just above the tagger's names: the app knows better than a guess. */
function rank(d: Detection): number {
  return d.known === true ? PRIORITY.indexOf('person') - 0.5 : PRIORITY.indexOf(d.kind);
}

function resolveOverlaps(detections: readonly Detection[]): Detection[] {
  const ranked = [...detections].sort((a, b) => rank(a) - rank(b) || b.end - b.start - (a.end - a.start));
  const kept: Detection[] = [];
  for (const d of ranked) {
    if (d.end <= d.start) continue;
    if (kept.every((k) => d.end <= k.start || d.start >= k.end)) kept.push(d);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Every detection in the text, before overlaps are resolved (exported for tests and tuning). */
export function detectPersonalData(text: string, options: RedactOptions = {}): Detection[] {
  const kinds = new Set(options.kinds ?? ENTITY_KINDS);
  const tokens = tokenize(text);
  const runs = readNumberRuns(tokens);
  const pieces = piecesByFirstToken(runs);
  const doc = parseText(text);
  const all = [
    ...detectEmails(text, tokens, pieces),
    ...detectIbans(tokens, pieces),
    ...detectNumbers(tokens, runs, { defaultCountry: options.defaultCountry ?? 'US' }),
    ...detectDatesOfBirth(tokens, runs, doc),
    ...detectKnownNames(tokens, options.knownNames ?? {}),
    ...detectNames(doc),
  ];
  return all.filter((d) => kinds.has(d.kind));
}

/**
 * Replaces personal data in an ASR transcript (lower-case, no punctuation) with placeholders that
 * survive machine translation. The same value said twice gets the same placeholder, so the
 * translation reads consistently and is restored consistently.
 */
export function redactTranscript(transcript: string, options: RedactOptions = {}): RedactedTranscript {
  const text = neutralizePlaceholderBrackets(transcript);
  const detections = resolveOverlaps(detectPersonalData(text, options));
  const placeholders: Record<string, PlaceholderEntry> = {};
  const byValue = new Map<string, string>();
  let out = '';
  let cursor = 0;
  for (const d of detections) {
    const original = text.slice(d.start, d.end);
    const key = `${d.kind}\u0000${d.normalized ?? original.toLowerCase()}`;
    let placeholder = byValue.get(key);
    if (placeholder === undefined) {
      placeholder = formatPlaceholder(byValue.size + 1);
      byValue.set(key, placeholder);
      placeholders[placeholder] =
        d.normalized === undefined ? { kind: d.kind, original } : { kind: d.kind, original, normalized: d.normalized };
    }
    out += text.slice(cursor, d.start) + placeholder;
    cursor = d.end;
  }
  out += text.slice(cursor);
  return Object.freeze({ text: out, placeholders: Object.freeze(placeholders), version: REDACTION_VERSION });
}
