/**
 * Test helpers: how people say numbers and addresses, so the no-false-negative tests can say the
 * same value many ways. (Deliberately independent of the code under test.)
 */
const DIGIT_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS = ['ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function digitWord(d: string, zero = 'zero'): string {
  return d === '0' ? zero : (DIGIT_WORDS[Number(d)] ?? '');
}

/** "4111" → "four one one one" (zero said as `zero` or `oh`). */
export function digitByDigit(digits: string, zero = 'zero'): string {
  return [...digits].map((d) => digitWord(d, zero)).join(' ');
}

/** "4111" → "four double one one": runs of two equal digits said with "double". */
export function withDoubles(digits: string): string {
  const words: string[] = [];
  for (let i = 0; i < digits.length; i += 1) {
    const d = digits[i] ?? '';
    if (digits[i + 1] === d) {
      words.push('double', digitWord(d, 'oh'));
      i += 1;
    } else words.push(digitWord(d, 'oh'));
  }
  return words.join(' ');
}

/** "41115" → "forty one eleven five": two digits at a time, as people read card and phone groups. */
export function inPairs(digits: string): string {
  const words: string[] = [];
  for (let i = 0; i < digits.length; i += 2) {
    const pair = digits.slice(i, i + 2);
    const [a = '0', b] = [...pair];
    if (b === undefined) words.push(digitWord(a));
    else if (a === '0') words.push('oh', digitWord(b));
    else if (a === '1') words.push(TEENS[Number(b)] ?? '');
    else if (b === '0') words.push(TENS[Number(a)] ?? '');
    else words.push(TENS[Number(a)] ?? '', digitWord(b));
  }
  return words.join(' ');
}

/** "4111111111111111" → "4111 1111 1111 1111". */
export function groupsOf(digits: string, size: number): string {
  return (digits.match(new RegExp(`.{1,${size}}`, 'gu')) ?? []).join(' ');
}

/** "j.doe_99@mail.co.uk" → "j dot doe underscore nine nine at mail dot co dot uk". */
export function spokenAddress(address: string): string {
  const names: Record<string, string> = { '.': 'dot', _: 'underscore', '-': 'dash', '@': 'at' };
  return address
    .split(/([._@-])/u)
    .filter((part) => part !== '')
    .map((part) => names[part] ?? part.replace(/\d/gu, (d) => ` ${digitWord(d)} `).trim())
    .join(' ')
    .replace(/\s+/gu, ' ');
}

/** Addresses of every shape the detector reads: dots, underscores, dashes, digits, two-part TLDs. */
export const ADDRESSES = [
  'john.smith@example.com',
  'maria_lopez@gmail.com',
  'info@acme.co.uk',
  'j-doe@mail.org',
  'sales@shop.io',
  'anna.maria.lopez@university.edu',
  'bob99@yahoo.com',
  'first.last@sub.domain.net',
];

/** Sentences an address is said in; X is the address. */
export const EMAIL_CARRIERS = ['my email is X', 'send it to X please', 'X is my address', 'write to X or call me'];
