import cardValidator from 'card-validator';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { NumberRun } from './spoken-numbers.js';
import type { Token } from './tokens.js';
import type { Detection } from './types.js';

/** Words that make a short digit string personal ("my pin is one two three"). */
const CONTEXT_WORDS = new Set([
  'number', 'code', 'pin', 'password', 'passcode', 'account', 'id', 'phone', 'mobile', 'call',
  'card', 'ssn', 'security', 'passport', 'licence', 'license', 'reference', 'extension', 'zip', 'postcode',
]);

function hasContext(tokens: readonly Token[], first: number): boolean {
  for (let i = Math.max(0, first - 4); i < first; i += 1) {
    if (CONTEXT_WORDS.has(tokens[i]?.word ?? '')) return true;
  }
  return false;
}

function isPhone(digits: string, international: boolean, defaultCountry: CountryCode): boolean {
  const parsed = international
    ? parsePhoneNumberFromString(`+${digits}`)
    : parsePhoneNumberFromString(digits, defaultCountry);
  return parsed?.isValid() ?? false;
}

export interface NumberDetectionOptions {
  /** Country whose numbering plan reads numbers said without "plus". */
  readonly defaultCountry: CountryCode;
}

/**
 * Classifies runs of digits. Everything of 7 digits or more is redacted whatever it turns out to
 * be, so no phone or card number is missed because a check failed: a 16-digit string that fails
 * the Luhn check (a misheard card number) still leaves as `⟦n⟧`, labelled `digits`.
 */
export function detectNumbers(
  tokens: readonly Token[],
  runs: readonly NumberRun[],
  options: NumberDetectionOptions,
): Detection[] {
  const found: Detection[] = [];
  for (const run of runs) {
    const { digits } = run;
    const start = tokens[run.first]?.start;
    const end = tokens[run.last]?.end;
    if (start === undefined || end === undefined) continue;
    const normalized = run.international ? `+${digits}` : digits;
    if (digits.length >= 12 && digits.length <= 19 && cardValidator.number(digits).isValid) {
      found.push({ kind: 'card', start, end, normalized });
    } else if (digits.length >= 7 && digits.length <= 15 && isPhone(digits, run.international, options.defaultCountry)) {
      found.push({ kind: 'phone', start, end, normalized });
    } else if (
      digits.length >= 7 ||
      run.international ||
      (run.pieces.length >= 4 && digits.length >= 4) ||
      (digits.length >= 3 && hasContext(tokens, run.first))
    ) {
      found.push({ kind: 'digits', start, end, normalized });
    }
  }
  return found;
}
