// Placeholder survey: which placeholder shapes come back from Debian's apertium untouched?
// Starts its own apertium-apy on a free loopback port, translates every template sentence with
// every candidate shape eng→spa and eng→cat, and prints how often each shape survived intact.
// Usage: node packages/redaction/scripts/placeholder-survey.mjs [--verbose]
// The findings are recorded in packages/redaction/README.md.
import { startApertium } from './apertium-server.mjs';

const verbose = process.argv.includes('--verbose');

/** Each candidate renders placeholder number n (the kind is passed for shapes that carry it). */
const candidates = {
  'PERSON_1': (n, kind) => `${kind}_${n}`,
  'digits 1001': (n) => String(1000 + n),
  '⟦1⟧': (n) => `⟦${n}⟧`,
  '⟦P1⟧': (n, kind) => `⟦${kind[0]}${n}⟧`,
  '[[1]]': (n) => `[[${n}]]`,
  '{1}': (n) => `{${n}}`,
  '<x1/>': (n) => `<x${n}/>`,
  '#1': (n) => `#${n}`,
  '@1': (n) => `@${n}`,
  '__1__': (n) => `__${n}__`,
  '«1»': (n) => `«${n}»`,
  '§1': (n) => `§${n}`,
  'ZQX1': (n) => `ZQX${n}`,
  'PUA \\uE001': (n) => String.fromCharCode(0xe000 + n),
};

/** Sentences as ASR writes them; {A} {B} {C} are the slots. Kinds are only used by the shapes that show them. */
const templates = [
  ['{A}', 'PERSON'],
  ['{A} called me yesterday', 'PERSON'],
  ['call {A} tomorrow', 'PERSON'],
  ['i talked to {A} about the project', 'PERSON'],
  ['my name is {A}', 'PERSON'],
  ['i live in {A}', 'PLACE'],
  ['i work for {A} in {B}', 'ORG', 'PLACE'],
  ['{A} and {B} are friends', 'PERSON', 'PERSON'],
  ['{A} {B}', 'PERSON', 'PERSON'],
  ['send it to {A} please', 'EMAIL'],
  ['the meeting with {A} is at {B}', 'ORG', 'PLACE'],
  ['my phone number is {A}', 'PHONE'],
  ['my card number is {A} and it expires soon', 'CARD'],
  ['she was born on {A}', 'DOB'],
  ['his email is {A}', 'EMAIL'],
  ['we flew from {A} to {B} with {C}', 'PLACE', 'PLACE', 'PERSON'],
  ['is {A} coming to the party', 'PERSON'],
  ['do you know {A}', 'PERSON'],
  ['the {A} office is closed', 'ORG'],
  ['a {A} customer called', 'ORG'],
  ['{A} is the best company in the world', 'ORG'],
  ['give {A} the book', 'PERSON'],
  ['they saw {A} yesterday in {B}', 'PERSON', 'PLACE'],
  ['i paid {A} dollars to {B}', 'DIGITS', 'PERSON'],
  ['on {A} at {B} we will meet', 'DOB', 'PLACE'],
  ['tell {A} that {B} said hello', 'PERSON', 'PERSON'],
  ['the number is {A} not {B}', 'DIGITS', 'DIGITS'],
  ['please transfer the money to {A} today', 'IBAN'],
  ['my friends {A} {B} and {C} live in {A}', 'PERSON', 'PERSON', 'PERSON'],
  ['why did {A} not answer', 'PERSON'],
  ['we need {A}s and {B}s', 'ORG', 'ORG'],
  ['i am going to {A} next week with my wife', 'PLACE'],
  ['call me at {A} or {B} or {C}', 'PHONE', 'PHONE', 'PHONE'],
  ['the code is {A} two three', 'DIGITS'],
  ['she has 2 {A} and 3 {B}', 'ORG', 'ORG'],
  ['{A}{B}', 'PERSON', 'PERSON'],
];

const apy = await startApertium();
// apertium-apy's default deformatter is HTML (tags become "superblanks"); format=txt is what the CLI does.
const translate = (q, langpair, markUnknown, format) =>
  apy.translate(q, langpair, { markUnknown, ...(format === 'html' ? {} : { format }) });
try {
  const rows = [];
  for (const [name, render] of Object.entries(candidates)) {
    for (const [markUnknown, format] of [['yes', 'html'], ['no', 'html'], ['yes', 'txt']]) {
      for (const pair of ['eng|spa', 'eng|cat']) {
        let ok = 0;
        let total = 0;
        const failures = [];
        for (const [template, ...kinds] of templates) {
          // Two index sets: single-digit numbers and two-digit numbers (placeholders past 9).
          for (const offset of [0, 10]) {
            const tokens = kinds.map((kind, i) => render(i + 1 + offset, kind));
            const q = template.replace(/\{([ABC])\}/g, (_, slot) => tokens['ABC'.indexOf(slot)]);
            const out = await translate(q, pair, markUnknown, format);
            total += 1;
            // Survives = every placeholder appears as often as in the source, as a whole token.
            const intact = tokens.every((t) => out.split(t).length === q.split(t).length);
            if (intact) ok += 1;
            else failures.push(`${q}  →  ${out}`);
          }
        }
        rows.push({ name, mode: `${format} markUnknown=${markUnknown}`, pair, ok, total });
        if (verbose || failures.length > 0) {
          console.log(`\n## ${name} ${pair} ${format} markUnknown=${markUnknown}: ${ok}/${total}`);
          for (const f of failures.slice(0, verbose ? failures.length : 4)) console.log(`   ${f}`);
        }
      }
    }
  }
  const modes = [...new Set(rows.map((r) => r.mode))];
  console.log(`\n| candidate | ${modes.map((m) => `${m} spa / cat`).join(' | ')} |`);
  console.log(`| --- |${modes.map(() => ' --- |').join('')}`);
  for (const name of Object.keys(candidates)) {
    const cells = modes.map((mode) => {
      const spa = rows.find((r) => r.name === name && r.mode === mode && r.pair === 'eng|spa');
      const cat = rows.find((r) => r.name === name && r.mode === mode && r.pair === 'eng|cat');
      return `${spa.ok}/${spa.total} · ${cat.ok}/${cat.total}`;
    });
    console.log(`| \`${name}\` | ${cells.join(' | ')} |`);
  }
} finally {
  await apy.stop();
}
