/**
 * The structured-clone-safe shape of any error, so it can cross `postMessage` or a JSON response
 * and be rebuilt as the right class on the other side (compare comlink's `{name, message, stack}`).
 */
export type SerializedError = {
  readonly name: string;
  readonly code?: string;
  readonly message: string;
  readonly stack?: string;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly cause?: SerializedError;
};

/** True when `value` has the shape of a {@link SerializedError}. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v['name'] === 'string' && typeof v['message'] === 'string';
}
