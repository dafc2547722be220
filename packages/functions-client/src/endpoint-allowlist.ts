import { TandemError } from '@tandem/core';

export type EndpointNotAllowedDetails = {
  /** Where the stage declared it would send (`remote.endpoint`). */
  readonly endpoint: string;
  /** The origins this client was configured to send to. */
  readonly allowed: readonly string[];
};

/**
 * A remote stage declared an endpoint on a host the client was not configured for. Nothing was
 * sent: the endpoint and region the residency rule checked are where the data would have gone,
 * so the client refuses rather than quietly send it to its own endpoint instead.
 */
export class EndpointNotAllowedError extends TandemError {
  // Spelled out: minifiers rename classes, and `new.target.name` would then serialize as "i".
  override name = 'EndpointNotAllowedError';
  declare readonly details: EndpointNotAllowedDetails;

  constructor(details: EndpointNotAllowedDetails) {
    super('ENDPOINT_NOT_ALLOWED', `Remote endpoint ${details.endpoint} is not on this client's origins (${details.allowed.join(', ')}); nothing was sent.`, details);
  }
}

/** The origin (scheme, host, port) of an absolute http(s) URL, or a TypeError saying what is wrong. */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Not an absolute URL: ${JSON.stringify(url)}.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError(`Only http(s) endpoints, not ${parsed.protocol} (${url}).`);
  return parsed.origin;
}

/** Refuses `url` unless its origin is one of `allowed` (exact match, deny by default). */
export function checkEndpoint(url: string, allowed: readonly string[]): void {
  if (!allowed.includes(originOf(url))) throw new EndpointNotAllowedError({ endpoint: url, allowed });
}
