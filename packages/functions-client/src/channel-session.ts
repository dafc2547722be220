import { CHANNEL_ROUTE, parseWith, type ChannelReply, type Problem, type RouteContract, type SanitizedBody } from '@tandem/wire';
import { ChannelDropped, ChannelUnavailable, openConnection, type ChannelConnection, type ChannelFallbackReason } from './channel-connection.js';
import { HttpFailure, InvalidResponse, postRoute, type PostOptions, type Posted } from './http.js';

/** How a call went out: over the session channel, or over HTTP (and why, when it wanted the channel). */
export interface TransportInfo {
  transport: 'channel' | 'http';
  fallbackReason?: ChannelFallbackReason;
}

export interface SessionOptions {
  /** How long the upgrade may take before calls fall back to HTTP (default 3 000 ms). */
  openTimeoutMs?: number;
  /** After the channel could not be opened, how long calls go straight to HTTP before trying again (default 30 s). */
  retryOpenAfterMs?: number;
  /** The WebSocket constructor; default the global one (`undefined` where there is none: HTTP). */
  WebSocket?: typeof WebSocket;
}

/** A session of calls over one channel; `close()` ends it, and later calls go over HTTP. */
export interface ChannelSession {
  /** `idle` until the first call opens the socket; `unavailable` while calls fall back to HTTP. */
  readonly state: 'idle' | 'connecting' | 'open' | 'unavailable' | 'closed';
  close(): void;
}

/** What the client's attempt calls instead of `postRoute` while a session is open. */
export interface SessionInternals extends ChannelSession {
  /** `freshToken` gives the HTTP retry of a dropped message a token of its own (the drop may be the old one's expiry). */
  post<I extends object, O>(contract: RouteContract<I, O>, body: SanitizedBody<I>, options: PostOptions, freshToken?: () => string | undefined | Promise<string | undefined>): Promise<Posted<O> & TransportInfo>;
}

/**
 * A session channel to `endpoint`, opened lazily by the first call (with that attempt's token),
 * reopened lazily after it closes. Each call is one message; its reply is checked like an HTTP
 * answer (same HttpFailure / InvalidResponse, so the retries and the breaker read it the same). A
 * message in flight when the channel drops is sent again once, over HTTP, under the same
 * idempotency key: the function runs it at most once either way. When the channel cannot be
 * opened, calls go over HTTP and say why (`fallbackReason`).
 */
export function createChannelSession(endpoint: string, options: SessionOptions = {}): SessionInternals {
  const WebSocketImpl = 'WebSocket' in options ? options.WebSocket : typeof WebSocket === 'undefined' ? undefined : WebSocket;
  const url = `${endpoint.replace(/^http/, 'ws')}${CHANNEL_ROUTE}`;
  let connecting: Promise<ChannelConnection> | undefined;
  let current: ChannelConnection | undefined;
  let unavailable: { reason: 'no-websocket' | 'upgrade-failed'; until: number } | undefined;
  let closed = false;

  function connection(token: string | undefined): Promise<ChannelConnection> {
    connecting ??= openConnection({ url, token, openTimeoutMs: options.openTimeoutMs ?? 3_000, WebSocket: WebSocketImpl }).then(
      (c) => {
        current = c;
        void c.closed.then(() => {
          // Reopened by the next call, with a fresh token.
          if (current === c) current = undefined;
          connecting = undefined;
        });
        if (closed) c.close();
        return c;
      },
      (error: unknown) => {
        connecting = undefined;
        if (error instanceof ChannelUnavailable) unavailable = { reason: error.reason, until: Date.now() + (options.retryOpenAfterMs ?? 30_000) };
        throw error;
      },
    );
    return connecting;
  }

  async function overHttp<I extends object, O>(contract: RouteContract<I, O>, body: SanitizedBody<I>, options: PostOptions, reason: ChannelFallbackReason | undefined) {
    const posted = await postRoute(contract, body, options);
    return { ...posted, transport: 'http' as const, ...(reason ? { fallbackReason: reason } : {}) };
  }

  return {
    get state() {
      if (closed) return 'closed';
      if (current?.isOpen) return 'open';
      if (unavailable && Date.now() < unavailable.until) return 'unavailable';
      return connecting ? 'connecting' : 'idle';
    },
    close() {
      closed = true;
      current?.close();
    },
    async post(contract, body, postOptions, freshToken) {
      if (closed) return overHttp(contract, body, postOptions, undefined);
      if (postOptions.url !== `${endpoint}${contract.route}`) return overHttp(contract, body, postOptions, 'other-origin');
      if (unavailable && Date.now() < unavailable.until) return overHttp(contract, body, postOptions, unavailable.reason);
      let reply: ChannelReply & { bytesSent: number };
      try {
        const c = await connection(postOptions.token);
        reply = await c.call(contract.route, body, postOptions.idempotencyKey, postOptions.signal);
      } catch (error) {
        if (error instanceof ChannelUnavailable) return overHttp(contract, body, postOptions, error.reason);
        // The one retry of a message the channel lost: same key, so it runs at most once.
        if (error instanceof ChannelDropped) return overHttp(contract, body, { ...postOptions, token: (await freshToken?.()) ?? postOptions.token }, 'channel-dropped');
        throw error;
      }
      return { ...answerOf(contract, reply), transport: 'channel' as const };
    },
  };
}

/** A reply read exactly as an HTTP answer would be. */
function answerOf<I extends object, O>(contract: RouteContract<I, O>, reply: ChannelReply & { bytesSent: number }): Posted<O> {
  if ('problem' in reply) {
    const problem: Problem = reply.problem;
    const retryAfterMs = typeof problem.retryAfterMs === 'number' ? problem.retryAfterMs : undefined;
    throw new HttpFailure(reply.status, problem, retryAfterMs);
  }
  const parsed = parseWith(contract.output, reply.body);
  if (!parsed.ok) throw new InvalidResponse(`The function answered 2xx outside the ${contract.route} output schema: ${parsed.issues.join('; ')}`);
  return { response: parsed.value, replayed: reply.replayed === true, bytesSent: reply.bytesSent };
}
