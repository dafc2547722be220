import type { Problem } from './problem.js';
import { checkRoutePath, type RoutePath } from './route.js';

/**
 * The session channel: one WebSocket per session to a function, carrying each call of a route as
 * a small JSON message instead of a POST, because a POST's request line and headers weigh four
 * times the redacted text it carries. Both sides import these shapes, so they cannot drift.
 */

/** `GET` with `Upgrade: websocket` opens the channel. */
export const CHANNEL_ROUTE = '/v1/session' as const;

/** The subprotocol both sides speak; the server echoes it, so a browser sees it agreed. */
export const CHANNEL_PROTOCOL = 'tandem.v1';

/**
 * A browser's WebSocket cannot send `Authorization`, so the bearer token travels as a second
 * offered subprotocol, `bearer.<jwt>` (JWT characters are all valid in a subprotocol token). The
 * server never echoes it: it answers `tandem.v1`.
 */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/** Close codes (4000–4999 are the application's). */
export const CHANNEL_CLOSE = Object.freeze({
  /** The token that opened the channel expired: open a new one with a fresh token. */
  tokenExpired: 4401,
  /** A frame that is not a channel request (not JSON, no id): the peer does not speak the protocol. */
  protocolError: 4400,
  /** The server is going away (restart, test); the client reopens or falls back to HTTP. */
  goingAway: 1001,
} as const);

/** One call: `body` is exactly what the POST would carry (the input and `label: "sanitized"`). */
export interface ChannelRequest {
  /** Chosen by the client, unique among its messages in flight on this channel. */
  readonly id: number;
  readonly route: RoutePath;
  /** Same meaning and store as the `Idempotency-Key` header: a retry over HTTP is not run twice. */
  readonly idempotencyKey?: string;
  readonly body: unknown;
}

/** The answer to one call: the HTTP status it would have had, and the body or the problem. */
export type ChannelReply =
  | { readonly id: number; readonly status: number; readonly body: unknown; readonly replayed?: true }
  | { readonly id: number; readonly status: number; readonly problem: Problem };

/** A request frame split into its parts, or why it is not one (`id` when it had one to answer). */
export type ParsedChannelRequest = { ok: true; request: ChannelRequest } | { ok: false; id: number | undefined; issue: string };

const MAX_ID = 2 ** 31 - 1;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isId(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= MAX_ID;
}

/** Checks a parsed frame's envelope (not its body: the route's schema does that). */
export function parseChannelRequest(frame: unknown): ParsedChannelRequest {
  if (!isRecord(frame)) return { ok: false, id: undefined, issue: 'a request is a JSON object' };
  const id = isId(frame.id) ? frame.id : undefined;
  if (id === undefined) return { ok: false, id, issue: 'id: an integer 0…2³¹−1' };
  const extra = Object.keys(frame).filter((k) => k !== 'id' && k !== 'route' && k !== 'idempotencyKey' && k !== 'body');
  if (extra.length > 0) return { ok: false, id, issue: `unknown members: ${extra.join(', ')}` };
  if (typeof frame.route !== 'string') return { ok: false, id, issue: 'route: a path such as "/v1/translate"' };
  try {
    checkRoutePath(frame.route);
  } catch {
    return { ok: false, id, issue: 'route: a path such as "/v1/translate"' };
  }
  if (frame.idempotencyKey !== undefined && typeof frame.idempotencyKey !== 'string') return { ok: false, id, issue: 'idempotencyKey: a string' };
  const request: ChannelRequest = { id, route: frame.route, body: frame.body, ...(frame.idempotencyKey === undefined ? {} : { idempotencyKey: frame.idempotencyKey }) };
  return { ok: true, request };
}

/** Checks a reply frame's envelope; `undefined` when it is none (the client drops the channel). */
export function parseChannelReply(frame: unknown): ChannelReply | undefined {
  if (!isRecord(frame) || !isId(frame.id) || typeof frame.status !== 'number') return undefined;
  if (frame.status >= 200 && frame.status < 300 && 'body' in frame) {
    return { id: frame.id, status: frame.status, body: frame.body, ...(frame.replayed === true ? { replayed: true as const } : {}) };
  }
  const p = frame.problem;
  if (isRecord(p) && typeof p.type === 'string' && typeof p.title === 'string' && typeof p.status === 'number') return { id: frame.id, status: frame.status, problem: p as Problem };
  return undefined;
}
