import { mintSanitized, type Labelled, type Sanitized } from './labelled.js';
import type { SensitivityLabel } from './sensitivity-label.js';

export interface SanitizerSpec<I, O> {
  /** Shown in decision records and on every value the sanitizer produces. */
  readonly name: string;
  /** Must remove what makes the input sensitive (PII, raw media); it runs on the device. */
  readonly sanitize: (value: I) => O;
}

/** A declared sanitizer: the only producer of `Sanitized<T>`. */
export interface Sanitizer<I, O> {
  (input: Labelled<I, SensitivityLabel>): Sanitized<O>;
  readonly sanitizerName: string;
}

/**
 * Declares a synchronous sanitizer. For work that needs a model or a worker, declare a sanitizer
 * stage instead (`defineSanitizerStage`); its output is minted the same way.
 */
export function defineSanitizer<I, O>(spec: SanitizerSpec<I, O>): Sanitizer<I, O> {
  if (spec.name.trim() === '') throw new TypeError('A sanitizer needs a non-empty name.');
  const run = (input: Labelled<I, SensitivityLabel>): Sanitized<O> =>
    mintSanitized(spec.sanitize(input.value), spec.name);
  return Object.assign(run, { sanitizerName: spec.name });
}
