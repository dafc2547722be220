import type { StandardSchemaV1 } from './standard-schema.js';

/** A function's path: absolute, lower-case segments, no query or trailing slash (`/v1/mood`). */
export type RoutePath = `/${string}`;

const ROUTE_PATH = /^(\/[a-z0-9][a-z0-9._-]*)+$/;

/**
 * One remote route as both sides see it: the path, what the device sends (`input`, a JSON
 * object; the `label` travels beside its fields) and what the function answers (`output`).
 * `defineFunction` (server) and `remoteStage` (browser) both take it, so the two cannot drift.
 */
export interface RouteContract<I extends object, O> {
  readonly route: RoutePath;
  readonly input: StandardSchemaV1<unknown, I>;
  readonly output: StandardSchemaV1<unknown, O>;
}

export class RouteError extends TypeError {
  override readonly name = 'RouteError';
}

/** Checks the path once, where the contract is declared, instead of at every request. */
export function defineRoute<I extends object, O>(contract: RouteContract<I, O>): RouteContract<I, O> {
  checkRoutePath(contract.route);
  return Object.freeze({ route: contract.route, input: contract.input, output: contract.output });
}

export function checkRoutePath(route: string): asserts route is RoutePath {
  if (!ROUTE_PATH.test(route)) throw new RouteError(`A route is an absolute path of lower-case segments such as "/v1/mood", not ${JSON.stringify(route)}.`);
}

/** The label every request body carries beside its fields; the function refuses any other. */
export const SANITIZED = 'sanitized';

/** A request body on the wire: the route's input plus `label: "sanitized"`. */
export type SanitizedBody<I extends object> = I & { readonly label: typeof SANITIZED };

export function sealBody<I extends object>(input: I): SanitizedBody<I> {
  return { ...input, label: SANITIZED };
}

/** A body split into the route's input and what its label says; `undefined` when it is no object. */
export interface OpenedBody {
  readonly input: Record<string, unknown>;
  /** `missing`: the body forgot it (a malformed request); `refused`: it carries another label. */
  readonly label: 'sanitized' | 'missing' | 'refused';
}

/** Takes the label off a parsed body: the input schema then sees exactly the route's fields. */
export function openBody(body: unknown): OpenedBody | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const { label, ...input } = body as Record<string, unknown>;
  return { input, label: label === SANITIZED ? 'sanitized' : label === undefined ? 'missing' : 'refused' };
}
