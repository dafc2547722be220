import type { StandardIssue, StandardSchemaV1 } from './standard-schema.js';

/** Collects issues with their path while a hand-written validator walks a value. */
export interface IssueSink {
  add(path: readonly (string | number)[], message: string): void;
}

/** A schema of this package: Standard Schema v1, synchronous, vendor `tandem-wire`. */
export type WireSchema<T> = StandardSchemaV1<unknown, T>;

/**
 * Wraps a hand-written check as a Standard Schema. `check` reports every problem to the sink and
 * returns the value to accept (it may normalise, never add data); issues win over the value.
 */
export function defineSchema<T>(check: (value: unknown, issues: IssueSink) => T): WireSchema<T> {
  return {
    '~standard': {
      version: 1,
      vendor: 'tandem-wire',
      validate(value) {
        const found: StandardIssue[] = [];
        const out = check(value, { add: (path, message) => found.push({ message, path }) });
        return found.length > 0 ? { issues: found } : { value: out };
      },
    },
  };
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly string[] };

/** Thrown when a schema answers asynchronously: the wire checks run inline, on both sides. */
export class AsyncSchemaError extends TypeError {
  override readonly name = 'AsyncSchemaError';
}

/**
 * Runs any Standard Schema synchronously and turns its issues into short lines
 * (`redaction.placeholders.0: …`, `(body): …`) that name the path, never echo the value.
 */
export function parseWith<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): Parsed<T> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) throw new AsyncSchemaError('Wire schemas must validate synchronously; this one returned a Promise.');
  if (result.issues === undefined) return { ok: true, value: result.value };
  return { ok: false, issues: result.issues.slice(0, 20).map(describeIssue) };
}

function describeIssue(issue: StandardIssue): string {
  const path = (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');
  return `${path || '(body)'}: ${issue.message}`;
}
