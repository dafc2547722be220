import { describe, expect, it } from 'vitest';
import { redactTranscript, type EntityKind } from '../index.js';
import { ADDRESSES, EMAIL_CARRIERS, digitByDigit, groupsOf, inPairs, spokenAddress, withDoubles } from './spoken-forms.js';

/** Published test numbers of the card networks (all pass the Luhn check). */
const CARDS = [
  '4111111111111111', // Visa
  '4012888888881881', // Visa
  '5555555555554444', // Mastercard
  '5105105105105100', // Mastercard
  '2223003122003222', // Mastercard 2-series
  '378282246310005', // American Express
  '371449635398431', // American Express
  '6011111111111117', // Discover
  '6011000990139424', // Discover
  '3530111333300000', // JCB
  '30569309025904', // Diners Club
];

/** National numbers read with the default country (US), and international ones said with "plus". */
const NATIONAL_PHONES = ['4155551234', '2125550147', '6502234567', '3125550198', '18002223333'];
const INTERNATIONAL_PHONES = ['442071838750', '34612345678', '4930901820', '33142685300', '61291234567'];

/** Each carrier sentence has one slot; the expected result is the carrier with ⟦1⟧ in it. */
const CARD_CARRIERS = [
  'my card number is X',
  'X is my card',
  'please charge X thanks',
  'the number on the card is X and it expires in june',
];
const PHONE_CARRIERS = ['my phone number is X', 'call me at X tomorrow', 'X is my mobile', 'you can reach me on X or by email'];

interface Case {
  said: string;
  expected: string;
  kinds: readonly EntityKind[];
  normalized: string;
}

function cases(values: string[], forms: ((v: string) => string)[], carriers: string[], kinds: readonly EntityKind[], normalize: (v: string) => string): Case[] {
  return values.flatMap((value) =>
    forms.flatMap((form) =>
      carriers.map((carrier) => ({
        said: carrier.replace('X', form(value)),
        expected: carrier.replace('X', '⟦1⟧'),
        kinds,
        normalized: normalize(value),
      })),
    ),
  );
}

function checkAll(all: Case[]): void {
  const failures: string[] = [];
  for (const c of all) {
    const result = redactTranscript(c.said);
    const entry = result.placeholders['⟦1⟧'];
    const ok =
      result.text === c.expected &&
      Object.keys(result.placeholders).length === 1 &&
      entry !== undefined &&
      c.kinds.includes(entry.kind) &&
      entry.normalized === c.normalized;
    if (!ok) failures.push(`${c.said} → ${result.text} ${JSON.stringify(result.placeholders)}`);
  }
  console.log(`${all.length - failures.length}/${all.length} redacted exactly`);
  expect(failures).toEqual([]);
}

describe('no false negatives on cards, phones and emails', () => {
  it('finds every test card number, said and written in five ways, in four sentences', () => {
    const forms = [
      (d: string) => digitByDigit(d),
      (d: string) => digitByDigit(d, 'oh'),
      withDoubles,
      inPairs,
      (d: string) => groupsOf(d, 4),
      (d: string) => d,
    ];
    checkAll(cases(CARDS, forms, CARD_CARRIERS, ['card'], (d) => d));
  });

  it('finds national phone numbers, said and written, as phones', () => {
    const forms = [
      (d: string) => digitByDigit(d),
      (d: string) => digitByDigit(d, 'oh'),
      withDoubles,
      // "four one five five five five twelve thirty four": the last four digits in pairs.
      (d: string) => `${digitByDigit(d.slice(0, -4))} ${inPairs(d.slice(-4))}`,
      (d: string) => (d.length === 10 ? `${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}` : d),
    ];
    checkAll(cases(NATIONAL_PHONES, forms, PHONE_CARRIERS, ['phone'], (d) => d));
  });

  it('finds international phone numbers said with "plus" or written with "+"', () => {
    const forms = [
      (d: string) => `plus ${digitByDigit(d)}`,
      (d: string) => `plus ${withDoubles(d)}`,
      (d: string) => `+${d.slice(0, 2)} ${groupsOf(d.slice(2), 3)}`,
    ];
    checkAll(cases(INTERNATIONAL_PHONES, forms, PHONE_CARRIERS, ['phone'], (d) => `+${d}`));
  });

  it('redacts every number of seven digits or more even when no check recognises it', () => {
    // Fails Luhn (a misheard card); a 13-digit Visa test number (Luhn-valid, but card-validator
    // follows the networks in no longer accepting 13-digit Visa); an unallocated area code; a
    // 7-digit local number.
    const forms = [(d: string) => digitByDigit(d), (d: string) => groupsOf(d, 4)];
    checkAll(cases(['4111111111111112', '4222222222222', '1234567890', '5551234'], forms, PHONE_CARRIERS, ['digits'], (d) => d));
  });

  it('finds every address, spoken and written, in four sentences', () => {
    checkAll(cases(ADDRESSES, [spokenAddress, (a: string) => a], EMAIL_CARRIERS, ['email'], (a) => a));
  });
});
