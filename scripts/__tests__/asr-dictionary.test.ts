import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dictionaryForVocabulary, lmVocabulary } from '../lib/asr-dictionary.mjs';

const MODEL = '/usr/share/pocketsphinx/model/en-us';
const debian = existsSync(`${MODEL}/en-us.lm.bin`);

describe('the ASR dictionary cut to the language model', () => {
  it.runIf(debian)("reads the vocabulary of Debian's trie LM: its unigram count, sentence markers included", () => {
    const vocab = lmVocabulary(readFileSync(`${MODEL}/en-us.lm.bin`));
    expect(vocab.size).toBe(72_547);
    for (const w of ['<s>', '</s>', 'hello', 'zyuganov', "'bout"]) expect(vocab.has(w)).toBe(true);
    expect(vocab.has('zzzzz')).toBe(false);
  });

  it('keeps every pronunciation of a known word, in order, and drops the rest', () => {
    const dict = 'read R EH D\nread(2) R IY D\nreadable R IY D AH B AH L\nzebra Z IY B R AH\n\n';
    const cut = dictionaryForVocabulary(dict, new Set(['read', 'zebra']));
    expect(cut).toEqual({ text: 'read R EH D\nread(2) R IY D\nzebra Z IY B R AH\n', kept: 3, dropped: 1 });
  });

  it('refuses a file that is not a trie LM, or whose word list is short', () => {
    expect(() => lmVocabulary(new TextEncoder().encode('\\data\\\nngram 1=3\n'))).toThrow(/not a PocketSphinx trie LM/);
    const header = new TextEncoder().encode('Trie Language Model');
    const lm = new Uint8Array(header.length + 5 + 6).fill(0x7f); // no NUL before the words
    lm.set(header);
    new DataView(lm.buffer).setUint32(header.length + 1, 0x01010103, true); // no NUL in the count either
    lm.set(new TextEncoder().encode('a\0b\0'), lm.length - 4);
    expect(() => lmVocabulary(lm)).toThrow(/found 1 of 16843011 words/);
  });
});
