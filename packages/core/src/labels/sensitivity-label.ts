/**
 * How sensitive a value is. Ordered from most to least: `raw` (audio, images, anything straight
 * from the user), `personal` (text that may contain PII), `sanitized` (passed through a declared
 * sanitizer), `public`.
 */
export type SensitivityLabel = 'raw' | 'personal' | 'sanitized' | 'public';

/** Labels that may cross the privacy boundary. */
export type LeavableLabel = 'sanitized' | 'public';

/** Labels that must stay on the device. */
export type SensitiveLabel = 'raw' | 'personal';

export const SENSITIVITY_LABELS: readonly SensitivityLabel[] = Object.freeze([
  'raw',
  'personal',
  'sanitized',
  'public',
]);

const RANK: Readonly<Record<SensitivityLabel, number>> = {
  public: 0,
  sanitized: 1,
  personal: 2,
  raw: 3,
};

export function isSensitivityLabel(value: unknown): value is SensitivityLabel {
  return typeof value === 'string' && Object.hasOwn(RANK, value);
}

/** Fail-closed: anything that is not a known leavable label stays on the device. */
export function mayLeaveDevice(label: SensitivityLabel): label is LeavableLabel {
  return label === 'sanitized' || label === 'public';
}

/**
 * The label of a stage's output: the more sensitive of what came in and what the stage declares.
 * Only a sanitizer may lower a label, so ordinary stages can never launder data.
 */
export function mostSensitive(a: SensitivityLabel, b: SensitivityLabel): SensitivityLabel {
  return RANK[a] >= RANK[b] ? a : b;
}

/** Type-level {@link mostSensitive}, used to compute a pipeline's output label. */
export type MostSensitive<A extends SensitivityLabel, B extends SensitivityLabel> = 'raw' extends
  | A
  | B
  ? 'raw'
  : 'personal' extends A | B
    ? 'personal'
    : 'sanitized' extends A | B
      ? 'sanitized'
      : 'public';

/**
 * The label of an ordinary (non-sanitizer) stage's output. Within the sensitive tier the stage's
 * declaration wins (a transcript of raw audio is `personal`; both stay on the device). Below it,
 * a stage can never lower the label: declaring `public` on personal input still yields `personal`.
 */
export function outputLabelOf(input: SensitivityLabel, declared: SensitivityLabel): SensitivityLabel {
  if (declared === 'raw' || declared === 'personal') return declared;
  return mostSensitive(input, declared);
}

/** Type-level {@link outputLabelOf}. */
export type OutputLabelOf<In extends SensitivityLabel, Declared extends SensitivityLabel> = [
  Declared,
] extends ['raw' | 'personal']
  ? Declared
  : MostSensitive<In, Declared>;
