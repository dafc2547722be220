import { placeholderPattern } from './placeholder.js';
import type { PlaceholderMapping } from './redact.js';

export interface RestoredTranscript {
  /** The translation with every placeholder replaced by what was said. */
  readonly text: string;
  /** Placeholders of the mapping the translation lost (the value is then missing from `text`). */
  readonly missing: readonly string[];
}

export interface RestoreOptions {
  /** `original` (default): what the speaker said; `normalized`: the canonical form where there is one. */
  readonly use?: 'original' | 'normalized';
}

/**
 * Puts the original values back into translated text, on the device. Placeholders the mapping
 * does not know are left as they are (never guessed); placeholders the translator dropped are
 * reported in `missing` so the UI can say so instead of showing an incomplete sentence as whole.
 */
export function restoreTranscript(
  translated: string,
  mapping: PlaceholderMapping,
  options: RestoreOptions = {},
): RestoredTranscript {
  const seen = new Set<string>();
  const text = translated.replace(placeholderPattern(), (match: string, n: string) => {
    const key = `⟦${Number(n)}⟧`;
    const entry = Object.hasOwn(mapping, key) ? mapping[key] : undefined;
    if (entry === undefined) return match;
    seen.add(key);
    return options.use === 'normalized' ? (entry.normalized ?? entry.original) : entry.original;
  });
  const missing = Object.keys(mapping).filter((k) => !seen.has(k));
  return Object.freeze({ text, missing: Object.freeze(missing) });
}
