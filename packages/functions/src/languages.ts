/**
 * Language codes at the API: providers speak ISO 639-3 (Apertium's `eng`, `spa`, `cat`) or
 * ISO 639-1 (m2m100's `en`, `es`); clients may send either. Normalising here keeps one code
 * per language in caches, idempotency fingerprints and logs.
 */
const ISO1_TO_ISO3: Readonly<Record<string, string>> = Object.freeze({
  en: 'eng', es: 'spa', ca: 'cat', fr: 'fra', de: 'deu', it: 'ita', pt: 'por', nl: 'nld',
  pl: 'pol', ru: 'rus', uk: 'ukr', zh: 'zho', ja: 'jpn', ko: 'kor', ar: 'ara', hi: 'hin',
  tr: 'tur', sv: 'swe', gl: 'glg', eu: 'eus', oc: 'oci',
});
const ISO3_TO_ISO1: Readonly<Record<string, string>> = Object.freeze(
  Object.fromEntries(Object.entries(ISO1_TO_ISO3).map(([a, b]) => [b, a])),
);

/** `en` → `eng`, `eng` → `eng`, `eng_US` → `eng_US` (variants pass through). */
export function toIso3(code: string): string {
  return ISO1_TO_ISO3[code] ?? code;
}

/** `eng` → `en`; codes without a two-letter form pass through. */
export function toIso1(code: string): string {
  const [base = code, ...variant] = code.split('_');
  return variant.length > 0 ? code : (ISO3_TO_ISO1[base] ?? code);
}

export interface LanguagePair {
  source: string;
  target: string;
}
