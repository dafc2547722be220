import { BEARER_PROTOCOL_PREFIX, CHANNEL_CLOSE, CHANNEL_PROTOCOL, parseChannelRequest, type ChannelRequest } from '@tandem/wire';
import type { Handler } from 'hono';
import type { UpgradeWebSocket, WSContext, WSEvents } from 'hono/ws';
import type { Principal } from './auth.js';
import { clientBucket } from './client-bucket.js';
import type { FunctionDefinition } from './define-function.js';
import type { AppVars, ClientAddress } from './functions-app.js';
import { admitCaller, checkInput, decodeJson, takeOrRefuse, type GateOptions } from './gates.js';
import type { Logger, RequestLog } from './log.js';
import { ProblemError, fail, problem, type Problem } from './problem.js';
import { runFunction, type RunOptions } from './run-function.js';

/**
 * The runtime's WebSocket upgrade, injected by each entry like `clientAddress`: Hono's helper
 * differs per runtime (`upgradeWebSocket` of `hono/cloudflare-workers` on workerd, of
 * `@hono/node-server` on Node), and a platform without WebSockets (Lambda behind a function URL)
 * passes none, so `GET /v1/session` answers 426 there and clients stay on HTTP.
 */
export interface SessionChannelOptions {
  // The helper's socket type differs per runtime; the channel only uses WSContext's portable part.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  upgradeWebSocket: UpgradeWebSocket<any, any>;
  /** Messages one channel may have in flight; more are answered 429 (default 16). */
  maxInFlight?: number;
}

/** Room for the envelope (`id`, `route`, `idempotencyKey`) beside a body of `bodyLimitBytes`. */
export const ENVELOPE_BYTES = 512;

interface ChannelDeps extends Pick<GateOptions, 'auth' | 'key' | 'limiter'> {
  functions: ReadonlyMap<string, FunctionDefinition>;
  run: RunOptions;
  bodyLimitBytes: number;
  clientAddress: ClientAddress | undefined;
  logger: Logger;
  channel: SessionChannelOptions;
}

/**
 * `GET /v1/session`: the session channel. At open: origin (the app's CORS allowlist has already
 * run), the bearer token from the `bearer.<jwt>` subprotocol (401/403 refuse the upgrade) and one
 * token of the subject's bucket. Per message, the same gates a POST passes, from the same code:
 * token expiry (the channel closes with 4401 and the client reopens with a fresh token), the
 * subject's rate-limit bucket (shared with HTTP), the size limit, UTF-8 JSON, label and schema
 * (`checkInput`), the idempotency store (`runFunction`), the deadline and the output schema.
 */
export function sessionChannelRoute(deps: ChannelDeps): Handler<AppVars> {
  return async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') fail('upgrade-required', 'Open the session channel with a WebSocket.', {}, { upgrade: 'websocket' });
    const offered = (c.req.header('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(CHANNEL_PROTOCOL)) fail('bad-request', `Offer the "${CHANNEL_PROTOCOL}" subprotocol.`);
    const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX))?.slice(BEARER_PROTOCOL_PREFIX.length);
    const principal = await admitCaller(bearer === undefined ? undefined : `Bearer ${bearer}`, clientBucket(deps.clientAddress?.(c)), deps);
    c.get('log').subject = principal.subject;
    await takeOrRefuse(deps.limiter, `subject:${principal.subject}`);
    const session = openSession(deps, principal, c.req.header('origin'));
    const res = await deps.channel.upgradeWebSocket(c, session.events);
    // workerd sends this Response as the 101: it must name the subprotocol the browser offered
    // (ws on Node picks it from the offer itself and ignores the header).
    try {
      res.headers.set('sec-websocket-protocol', CHANNEL_PROTOCOL);
    } catch {
      // Immutable headers: the runtime answers the handshake itself.
    }
    return res;
  };
}

interface Session {
  events: WSEvents;
}

function openSession(deps: ChannelDeps, principal: Principal, origin: string | undefined): Session {
  const channelId = crypto.randomUUID();
  const maxInFlight = deps.channel.maxInFlight ?? 16;
  const frameLimit = deps.bodyLimitBytes + ENVELOPE_BYTES;
  let inFlight = 0;
  let closed = false;

  const reply = (ws: WSContext, frame: string) => {
    // `compress` asks Node's ws to deflate the reply too (Hono's helper passes undefined, which ws
    // reads as "no"); workerd negotiates and compresses on its own and ignores the option.
    if (!closed && ws.readyState === 1) ws.send(frame, { compress: true });
  };
  const replyProblem = (ws: WSContext, id: number, p: Problem) => reply(ws, JSON.stringify({ id, status: p.status, problem: p }));

  async function handle(ws: WSContext, data: unknown): Promise<void> {
    const started = performance.now();
    const log: Partial<RequestLog> = { subject: principal.subject };
    let id: number | undefined;
    let route = '(unknown)';
    let status = 200;
    try {
      if (principal.expiresAt !== undefined && Date.now() >= principal.expiresAt) {
        // Not answered: the client retries this message, once, on a channel opened with a fresh token.
        closed = true;
        ws.close(CHANNEL_CLOSE.tokenExpired, 'token expired');
        status = 401;
        log.problem = 'unauthorized';
        return;
      }
      const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array();
      // The runtime already caps a frame (ws maxPayload on Node, 1 MiB on workerd); parse it to
      // find its id, so that even a frame over the limit gets its 413 answer.
      const parsed = parseChannelRequest(parseOrUndefined(bytes));
      id = parsed.ok ? parsed.request.id : parsed.id;
      if (id === undefined) {
        // Nothing to answer to: the peer does not speak the protocol.
        closed = true;
        ws.close(CHANNEL_CLOSE.protocolError, 'not a channel request');
        status = 400;
        return;
      }
      if (bytes.byteLength > frameLimit) fail('payload-too-large', `A message may be at most ${frameLimit} bytes.`);
      if (!parsed.ok) fail('bad-request', `Not a channel request: ${parsed.issue}.`);
      route = parsed.request.route;
      await takeOrRefuse(deps.limiter, `subject:${principal.subject}`);
      if (inFlight >= maxInFlight) fail('rate-limited', `At most ${maxInFlight} messages may be in flight on one channel.`, { retryAfterMs: 100 });
      inFlight++;
      try {
        const answer = await callRoute(deps, principal, parsed.request, log);
        reply(ws, answer);
      } finally {
        inFlight--;
      }
    } catch (error) {
      const p = error instanceof ProblemError ? error.problem : problem('internal', 'The function failed; the error was logged.');
      if (!(error instanceof ProblemError)) log.errorKind ??= error instanceof Error ? error.name : 'unknown';
      status = p.status;
      log.problem = p.type;
      if (id !== undefined) replyProblem(ws, id, p);
    } finally {
      deps.logger({
        level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
        event: 'message',
        requestId: `${channelId}:${id ?? '-'}`,
        method: 'WS',
        path: route,
        status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        ...(origin ? { origin } : {}),
        ...log,
      });
    }
  }

  return {
    events: {
      onMessage: (event, ws) => void handle(ws, event.data),
      onClose: () => {
        // Messages still running finish and are stored under their keys (not aborted): the
        // client's one retry then gets the stored answer instead of running the work twice.
        closed = true;
      },
    },
  };
}

function parseOrUndefined(bytes: Uint8Array): unknown {
  try {
    return decodeJson(bytes);
  } catch {
    return undefined;
  }
}

/** Route → input gates → the handler once per key: the reply frame, ready to send. */
async function callRoute(deps: ChannelDeps, principal: Principal, request: ChannelRequest, log: Partial<RequestLog>): Promise<string> {
  const fn = deps.functions.get(request.route);
  if (!fn) fail('not-found', `No function at ${request.route}.`);
  const input = checkInput(fn, request.body);
  const { response, replayed } = await runFunction({ fn, input, principal, idempotencyKey: request.idempotencyKey, signal: undefined, log }, deps.run);
  if (response.status >= 300) return JSON.stringify({ id: request.id, status: response.status, problem: JSON.parse(response.body) as unknown });
  // The stored body is already JSON: spliced in, not parsed and serialized again.
  return `{"id":${request.id},"status":${response.status},"body":${response.body}${replayed ? ',"replayed":true' : ''}}`;
}
