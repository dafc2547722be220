/**
 * The base of every error a Tandem caller must handle. Errors are recognised by `code`, not by
 * `instanceof`, because an error rebuilt after crossing a worker or network boundary is a new
 * object of (possibly) a different realm; the code survives structured clone, the prototype does not.
 */
export class TandemError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: string,
    message: string,
    details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/**
 * True for any Tandem error, including one rebuilt from its serialized form or created in another
 * realm (an iframe's `Error` fails `instanceof Error` here, so the check is structural).
 */
export function isTandemError(error: unknown): error is TandemError {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; details?: unknown; message?: unknown; name?: unknown };
  return (
    typeof e.code === 'string' &&
    typeof e.details === 'object' &&
    e.details !== null &&
    typeof e.message === 'string' &&
    typeof e.name === 'string' &&
    (error instanceof Error || Object.prototype.toString.call(error) === '[object Error]')
  );
}

/** Makes a guard that matches by code, so rebuilt errors are recognised too. */
export function guardFor<E extends TandemError>(code: string): (error: unknown) => error is E {
  return (error: unknown): error is E => isTandemError(error) && error.code === code;
}

/** Options every Tandem error constructor accepts besides its details. */
export interface TandemErrorOptions extends ErrorOptions {
  /** Replaces the generated message (used when rebuilding an error that crossed a boundary). */
  readonly message?: string;
}
