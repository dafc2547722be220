/**
 * Word error rate, the standard ASR measure: (substitutions + deletions + insertions) divided by
 * the number of reference words, from a Levenshtein alignment over words. Text is normalised first
 * (lower case, punctuation dropped, apostrophes kept) so "Don't!" and "don't" count as one word.
 */
export interface WordErrorCounts {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Words in the reference: the denominator. */
  referenceWords: number;
}

export interface WordErrorRate extends WordErrorCounts {
  /** (S + D + I) / N; 0 for an empty reference with an empty hypothesis, Infinity if only N = 0. */
  wer: number;
}

export function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}'\s]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);
}

export function wordErrors(reference: string, hypothesis: string): WordErrorCounts {
  const ref = normaliseWords(reference);
  const hyp = normaliseWords(hypothesis);
  // cost[j] = best (errors, S, D, I) aligning ref[0..i) with hyp[0..j); one row at a time.
  type Cell = { cost: number; s: number; d: number; i: number };
  let prev: Cell[] = hyp.map((_, j) => ({ cost: j + 1, s: 0, d: 0, i: j + 1 }));
  prev.unshift({ cost: 0, s: 0, d: 0, i: 0 });
  for (let r = 1; r <= ref.length; r++) {
    const row: Cell[] = [{ cost: r, s: 0, d: r, i: 0 }];
    for (let h = 1; h <= hyp.length; h++) {
      const diag = prev[h - 1]!;
      const up = prev[h]!;
      const left = row[h - 1]!;
      const same = ref[r - 1] === hyp[h - 1];
      const candidates: Cell[] = [
        same ? { ...diag } : { cost: diag.cost + 1, s: diag.s + 1, d: diag.d, i: diag.i },
        { cost: up.cost + 1, s: up.s, d: up.d + 1, i: up.i },
        { cost: left.cost + 1, s: left.s, d: left.d, i: left.i + 1 },
      ];
      row.push(candidates.reduce((best, c) => (c.cost < best.cost ? c : best)));
    }
    prev = row;
  }
  const last = prev[hyp.length]!;
  return { substitutions: last.s, deletions: last.d, insertions: last.i, referenceWords: ref.length };
}

function rate(counts: WordErrorCounts): WordErrorRate {
  const errors = counts.substitutions + counts.deletions + counts.insertions;
  const wer = counts.referenceWords === 0 ? (errors === 0 ? 0 : Infinity) : errors / counts.referenceWords;
  return { ...counts, wer };
}

export function wordErrorRate(reference: string, hypothesis: string): WordErrorRate {
  return rate(wordErrors(reference, hypothesis));
}

/**
 * Corpus WER: errors summed over all pairs divided by all reference words (not the mean of
 * per-sentence rates, which would weigh a two-word sentence like a twenty-word one).
 */
export function corpusWordErrorRate(pairs: readonly { reference: string; hypothesis: string }[]): WordErrorRate {
  const total: WordErrorCounts = { substitutions: 0, deletions: 0, insertions: 0, referenceWords: 0 };
  for (const { reference, hypothesis } of pairs) {
    const c = wordErrors(reference, hypothesis);
    total.substitutions += c.substitutions;
    total.deletions += c.deletions;
    total.insertions += c.insertions;
    total.referenceWords += c.referenceWords;
  }
  return rate(total);
}
