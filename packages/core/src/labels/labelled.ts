import type { SensitivityLabel } from './sensitivity-label.js';

/** A value with the sensitivity label it carries across stage boundaries. */
export interface Labelled<T, L extends SensitivityLabel> {
  readonly label: L;
  readonly value: T;
}

/*
 * Only declared at type level and never exported: no code outside this package can write a
 * `Sanitized<T>` literal, so the only way to get one is a declared sanitizer.
 */
declare const sanitizedBrand: unique symbol;

export type Raw<T> = Labelled<T, 'raw'>;
export type Personal<T> = Labelled<T, 'personal'>;
export type Public<T> = Labelled<T, 'public'>;
export type Sanitized<T> = Labelled<T, 'sanitized'> & {
  /** Name of the sanitizer that produced this value (also checked at run time). */
  readonly sanitizer: string;
  readonly [sanitizedBrand]: true;
};
/** Data that must not leave the device. */
export type Sensitive<T> = Raw<T> | Personal<T>;
/** Data the privacy boundary lets through. */
export type Leavable<T> = Sanitized<T> | Public<T>;
/** Any labelled value. */
export type AnyLabelled<T> = Raw<T> | Personal<T> | Sanitized<T> | Public<T>;

/*
 * The run-time half of the brand: a `{ label: 'sanitized' }` object that arrives from JSON or a
 * hand-written literal is not in this set, so the boundary refuses it (fail closed).
 */
const minted = new WeakSet<object>();

function label<T, L extends SensitivityLabel>(labelName: L, value: T): Labelled<T, L> {
  return Object.freeze({ label: labelName, value });
}

/** Marks data straight from the user (audio, images, camera frames). */
export function raw<T>(value: T): Raw<T> {
  return label('raw', value);
}

/** Marks text or data that may contain personal information. */
export function personal<T>(value: T): Personal<T> {
  return label('personal', value);
}

/** Marks data the caller declares public (e.g. a UI string); it may leave the device. */
export function publicData<T>(value: T): Public<T> {
  const labelled = label('public', value);
  minted.add(labelled);
  return labelled;
}

/**
 * Package-internal: only `defineSanitizer` and the pipeline's sanitizer stages call this.
 * It is deliberately not re-exported from the package index.
 */
export function mintSanitized<T>(value: T, sanitizer: string): Sanitized<T> {
  const labelled = Object.freeze({ label: 'sanitized' as const, value, sanitizer });
  minted.add(labelled);
  return labelled as Sanitized<T>;
}

/**
 * Wraps a value with a label the pipeline tracked at run time (package-internal). `trusted` says
 * whether the data descends from a minted leavable value or a sanitizer; an untrusted look-alike
 * keeps its label but is not minted, so the boundary still refuses it.
 */
export function relabel<T>(
  value: T,
  labelName: SensitivityLabel,
  options: { sanitizer?: string; trusted: boolean },
): AnyLabelled<T> {
  switch (labelName) {
    case 'raw':
      return raw(value);
    case 'personal':
      return personal(value);
    case 'public':
      return options.trusted ? publicData(value) : label('public', value);
    case 'sanitized':
      return options.trusted
        ? mintSanitized(value, options.sanitizer ?? 'pipeline')
        : (Object.freeze({ label: 'sanitized', value, sanitizer: options.sanitizer ?? 'unknown' }) as Sanitized<T>);
  }
}

export function isLabelled(value: unknown): value is AnyLabelled<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const l = (value as { label?: unknown }).label;
  return (l === 'raw' || l === 'personal' || l === 'sanitized' || l === 'public') && 'value' in value;
}

/**
 * True only for a value this package minted as sanitized or public in this realm. A look-alike
 * object (from JSON, another realm or a literal) is not trusted to leave the device.
 */
export function isTrustedLeavable(value: unknown): value is Leavable<unknown> {
  return typeof value === 'object' && value !== null && minted.has(value) && isLabelled(value);
}
