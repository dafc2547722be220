/** The vocabulary of a PocketSphinx binary ("Trie Language Model") LM. */
export function lmVocabulary(lm: Uint8Array): Set<string>;
/** The dictionary's lines whose word (alternates included) is in `vocabulary`, in order. */
export function dictionaryForVocabulary(dict: string, vocabulary: Set<string>): { text: string; kept: number; dropped: number };
