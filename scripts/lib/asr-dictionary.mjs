// The pronunciation dictionary the demo ships, cut to the words its language model knows.
//
// PocketSphinx's n-gram search only ever hypothesises words that are in both the dictionary and
// the language model: a dictionary word the LM lacks is dropped when the search is built (it
// says so at start-up). Debian's CMUdict has 134,723 entries; the en-us LM's vocabulary is
// 72,547 words, so 55,000-odd entries (1.3 MB of 3.3 MB) are stored in every visitor's IndexedDB
// and parsed at every decoder start for nothing. Keeping only the LM's words (every pronunciation
// variant of each) changes no transcript: e2e/bench/experiments/asr-dictionary-pruning.ts decodes
// the fixtures and pocketsphinx-testdata's clips with both and compares them word for word.

/**
 * The vocabulary of a PocketSphinx binary LM ("Trie Language Model", what sphinx_lm_convert
 * writes and Debian ships): the unigram count sits after the magic and the order byte, the
 * words are the file's last `count` NUL-terminated strings.
 * @param {Uint8Array} lm
 * @returns {Set<string>}
 */
export function lmVocabulary(lm) {
  const magic = 'Trie Language Model';
  const head = new TextDecoder('latin1').decode(lm.subarray(0, magic.length));
  if (head !== magic) throw new Error(`not a PocketSphinx trie LM (starts with ${JSON.stringify(head)})`);
  const view = new DataView(lm.buffer, lm.byteOffset, lm.byteLength);
  const unigrams = view.getUint32(magic.length + 1, true);
  if (lm[lm.length - 1] !== 0) throw new Error('LM vocabulary: the file does not end with a NUL-terminated word');
  let end = lm.length - 1;
  const words = [];
  while (words.length < unigrams) {
    let start = end - 1;
    while (start >= 0 && lm[start] !== 0) start--;
    if (start < 0) throw new Error(`LM vocabulary: found ${words.length} of ${unigrams} words`);
    words.push(new TextDecoder('latin1').decode(lm.subarray(start + 1, end)));
    end = start;
  }
  return new Set(words);
}

/**
 * The dictionary's lines whose word (alternates such as `read(2)` included) is in `vocabulary`,
 * in their original order.
 * @param {string} dict CMUdict text: `word PH ON ES` per line
 * @param {Set<string>} vocabulary
 * @returns {{ text: string, kept: number, dropped: number }}
 */
export function dictionaryForVocabulary(dict, vocabulary) {
  const lines = dict.split('\n').filter((l) => l.trim() !== '');
  const keep = lines.filter((l) => vocabulary.has(l.slice(0, l.search(/\s/)).replace(/\(\d+\)$/, '')));
  return { text: `${keep.join('\n')}\n`, kept: keep.length, dropped: lines.length - keep.length };
}
