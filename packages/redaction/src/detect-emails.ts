import { find, test } from 'linkifyjs';
import { lexiconTags } from './language.js';
import type { NumberPiece } from './spoken-numbers.js';
import type { Token } from './tokens.js';
import type { Detection } from './types.js';

/** How a separator inside an address is said. */
const SPOKEN_SEPARATORS: Readonly<Record<string, string>> = {
  dot: '.',
  period: '.',
  point: '.',
  underscore: '_',
  dash: '-',
  hyphen: '-',
};
const AT_WORDS = new Set(['at', 'at-sign']);
/**
 * What recognisers write for a spoken "at" between two names: PocketSphinx hears "john at
 * example" as "john an example", "john and example", "john that example"; a short unstressed
 * word loses its vowel first. Only read as "at" in front of a spoken domain tail.
 */
const MISHEARD_AT = new Set(['an', 'and', 'add', 'ad', 'that', 'it', 'had', 'hat', 'eight']);
/**
 * Top-level domains people say aloud ("dot com", "dot co dot uk"). A closed list rather than
 * linkifyjs's ~1,500: many of those are English words ("dot in", "dot me", "dot to"), and a
 * domain tail is read here without the "at" that would otherwise vouch for it.
 */
const SPOKEN_TLDS = new Set([
  'com', 'org', 'net', 'edu', 'gov', 'mil', 'int', 'io', 'co', 'uk', 'us', 'ca', 'au', 'de', 'fr', 'es', 'it', 'nl', 'eu',
  'info', 'biz', 'ai', 'app', 'dev', 'tv',
]);
/**
 * compromise tags of words that are never the user part or the name of a domain ("go to an
 * example dot com", "the dot com bubble"): the sentence around an address, not the address.
 */
const GRAMMAR_TAGS = ['Determiner', 'Pronoun', 'Possessive', 'Preposition', 'Conjunction', 'Copula', 'Modal', 'Auxiliary', 'QuestionWord', 'Expression'];
/** Nouns and verbs that introduce an address ("visit example dot org", "my website example dot com"). */
const CARRIER_WORDS = new Set(['email', 'e-mail', 'mail', 'write', 'send', 'visit', 'reach', 'contact', 'address', 'website', 'site', 'page', 'domain', 'try', 'check', 'go']);
const LABEL = /^[a-z0-9][a-z0-9-]*$/u;

function isLabel(word: string | undefined): word is string {
  return word !== undefined && LABEL.test(word) && !AT_WORDS.has(word) && SPOKEN_SEPARATORS[word] === undefined;
}

/** A label that can name a domain rather than be the sentence around it ("the dot com bubble"). */
function isDomainLabel(word: string | undefined): word is string {
  return isLabel(word) && !lexiconTags(word).some((tag) => GRAMMAR_TAGS.includes(tag));
}

/** A label that can be the user part of an address: not "me" in "email me at …", not "visit". */
function isUserLabel(word: string | undefined): word is string {
  return isDomainLabel(word) && !CARRIER_WORDS.has(word);
}

/** A label as written: number words become digits ("john two three" → "john23"). */
function labelText(tokens: readonly Token[], i: number, pieces: ReadonlyMap<number, NumberPiece>): string {
  const piece = pieces.get(i);
  if (piece !== undefined && piece.first === piece.last) return piece.digits;
  return tokens[i]?.word ?? '';
}

function isNumberToken(i: number, pieces: ReadonlyMap<number, NumberPiece>): boolean {
  const piece = pieces.get(i);
  return piece !== undefined && piece.first === piece.last;
}

interface LocalPart {
  readonly first: number;
  readonly local: string;
}

/**
 * The local part, read backward from the word before the "at": labels joined by spoken
 * separators; number words glue onto the label before them ("john two three" → "john23").
 */
function readLocalPart(tokens: readonly Token[], last: number, pieces: ReadonlyMap<number, NumberPiece>): LocalPart {
  let first = last;
  let local = labelText(tokens, first, pieces);
  for (;;) {
    const separator = SPOKEN_SEPARATORS[tokens[first - 1]?.word ?? ''];
    if (separator !== undefined && isLabel(tokens[first - 2]?.word)) {
      local = labelText(tokens, first - 2, pieces) + separator + local;
      first -= 2;
    } else if (isNumberToken(first, pieces) && isLabel(tokens[first - 1]?.word)) {
      local = labelText(tokens, first - 1, pieces) + local;
      first -= 1;
    } else break;
  }
  return { first, local };
}

function emailAt(tokens: readonly Token[], first: number, last: number, normalized: string): Detection[] {
  const start = tokens[first]?.start;
  const end = tokens[last]?.end;
  return start === undefined || end === undefined ? [] : [{ kind: 'email', start, end, normalized }];
}

/**
 * Spoken addresses: "john dot smith at example dot com". From each "at", read the domain forward
 * (label, then "dot label" at least once) and the local part backward. linkifyjs decides whether
 * the result is an address (it knows the top-level domains), so "meet me at home dot" is not one.
 */
function spokenEmails(tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  return tokens.flatMap((token, at) => {
    if (!AT_WORDS.has(token.word)) return [];
    // Domain: label (sep label)+, where every separator is "dot" (or "dash" inside a label). The
    // first label names something: "look at this point in time" is no address at "this.in".
    if (!isDomainLabel(tokens[at + 1]?.word)) return [];
    let domain = labelText(tokens, at + 1, pieces);
    let last = at + 1;
    while (SPOKEN_SEPARATORS[tokens[last + 1]?.word ?? ''] !== undefined && isLabel(tokens[last + 2]?.word)) {
      domain += (SPOKEN_SEPARATORS[tokens[last + 1]?.word ?? ''] ?? '') + labelText(tokens, last + 2, pieces);
      last += 2;
    }
    if (!domain.includes('.')) return [];
    // "email me at example dot xyz": "me" is the sentence, not the user part; the domain alone is personal.
    if (!isUserLabel(tokens[at - 1]?.word)) return test(domain, 'url') ? emailAt(tokens, at + 1, last, domain) : [];
    const { first, local } = readLocalPart(tokens, at - 1, pieces);
    const address = `${local}@${domain}`;
    return test(address, 'email') ? emailAt(tokens, first, last, address) : [];
  });
}

/**
 * Spoken domain tails, whether or not the "at" survived recognition: "… example dot com",
 * "… acme dot co dot uk". The domain is read backward from a spoken top-level domain; then a
 * word that stands for "at" (heard right or misheard as "an", "and", …) is skipped, and the
 * user part before it is read as after a real "at". "john an example dot com" is one address
 * (`john@example.com`); "visit example dot org" is a domain alone (`example.org`): a website
 * names its owner as surely as an address does.
 */
function spokenDomainTails(tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  return tokens.flatMap((token, last) => {
    if (!SPOKEN_TLDS.has(token.word) || tokens[last - 1]?.word !== 'dot') return [];
    // "com" of "dot com" may itself be followed by more domain ("dot co dot uk"): start from the end.
    if (tokens[last + 1]?.word === 'dot' && SPOKEN_TLDS.has(tokens[last + 2]?.word ?? '')) return [];
    let domainFirst = last;
    let domain = token.word;
    for (;;) {
      const separator = SPOKEN_SEPARATORS[tokens[domainFirst - 1]?.word ?? ''];
      const label = tokens[domainFirst - 2]?.word;
      // "my dash shop dot com" is one name; "the dot com bubble" is not a domain.
      if (separator === '-' ? !isLabel(label) : separator !== '.' || !isDomainLabel(label)) break;
      domain = labelText(tokens, domainFirst - 2, pieces) + separator + domain;
      domainFirst -= 2;
    }
    if (domainFirst === last) return [];
    const atWord = tokens[domainFirst - 1]?.word ?? '';
    const localLast = AT_WORDS.has(atWord) || MISHEARD_AT.has(atWord) ? domainFirst - 2 : domainFirst - 1;
    if (!isUserLabel(tokens[localLast]?.word)) return emailAt(tokens, domainFirst, last, domain);
    const { first, local } = readLocalPart(tokens, localLast, pieces);
    return emailAt(tokens, first, last, `${local}@${domain}`);
  });
}

/** Written addresses ("john.smith@example.com"), found by linkifyjs. */
function writtenEmails(text: string): Detection[] {
  return find(text, 'email').map((m) => ({ kind: 'email' as const, start: m.start, end: m.end, normalized: m.value.toLowerCase() }));
}

export function detectEmails(text: string, tokens: readonly Token[], pieces: ReadonlyMap<number, NumberPiece>): Detection[] {
  return [...writtenEmails(text), ...spokenEmails(tokens, pieces), ...spokenDomainTails(tokens, pieces)];
}
