import type { Token } from './tokens.js';
import type { Detection } from './types.js';

export type NameKind = 'person' | 'place' | 'organization';

/** Names the app knows are personal (the user's contacts, employer, home town), by kind. */
export type KnownNames = Readonly<Partial<Record<NameKind, readonly string[]>>>;

/**
 * Exact, case-insensitive word-sequence matches of names the app supplies. compromise misses
 * names it has no lexicon entry for ("amazon", "apple" the company); its own per-call lexicon
 * would fix that but is written into compromise's global model, so names are matched here instead,
 * without touching shared state.
 */
export function detectKnownNames(tokens: readonly Token[], known: KnownNames): Detection[] {
  const found: Detection[] = [];
  for (const [kind, names] of Object.entries(known) as [NameKind, readonly string[]][]) {
    for (const name of names) {
      const words = name.toLowerCase().split(/\s+/u).filter((w) => w !== '');
      if (words.length === 0) continue;
      for (let i = 0; i + words.length <= tokens.length; i += 1) {
        if (!words.every((w, j) => tokens[i + j]?.word === w)) continue;
        const start = tokens[i]?.start;
        const end = tokens[i + words.length - 1]?.end;
        if (start !== undefined && end !== undefined) found.push({ kind, start, end, known: true });
      }
    }
  }
  return found;
}
