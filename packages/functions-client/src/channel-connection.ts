import { BEARER_PROTOCOL_PREFIX, CHANNEL_PROTOCOL, parseChannelReply, type ChannelReply, type RoutePath } from '@tandem/wire';

/** Why a call that wanted the channel went over HTTP instead (shown in the stage's trace). */
export type ChannelFallbackReason =
  /** This runtime has no WebSocket (an old WebView, a worker without it). */
  | 'no-websocket'
  /** The upgrade was refused or blocked (CSP, proxy, a function without the channel: 426). */
  | 'upgrade-failed'
  /** The channel dropped with the message in flight: its one retry went over HTTP, same key. */
  | 'channel-dropped'
  /** The stage's endpoint is on another origin than the channel's. */
  | 'other-origin';

/** The channel could not be opened: nothing was sent on it. */
export class ChannelUnavailable extends Error {
  override readonly name = 'ChannelUnavailable';
  constructor(readonly reason: 'no-websocket' | 'upgrade-failed', message: string) {
    super(message);
  }
}

/** The channel closed (or broke) while a message was in flight: it may or may not have run. */
export class ChannelDropped extends Error {
  override readonly name = 'ChannelDropped';
  constructor(readonly code: number) {
    super(`The session channel closed (${code}) with the message in flight.`);
  }
}

export interface ConnectionOptions {
  /** `ws:`/`wss:` URL of the function's `/v1/session`. */
  url: string;
  token: string | undefined;
  /** How long the upgrade may take before the channel counts as unavailable. */
  openTimeoutMs: number;
  WebSocket: typeof WebSocket | undefined;
}

/** One open WebSocket: messages out, replies matched to them by id. */
export interface ChannelConnection {
  call(route: RoutePath, body: unknown, idempotencyKey: string, signal: AbortSignal): Promise<ChannelReply & { bytesSent: number }>;
  /** Resolves when the socket closed, for whatever reason. */
  readonly closed: Promise<void>;
  readonly isOpen: boolean;
  close(): void;
}

/**
 * Opens a socket and resolves once the function accepted the upgrade; rejects with
 * ChannelUnavailable when it cannot (no WebSocket, refused, blocked, or too slow).
 */
export function openConnection(options: ConnectionOptions): Promise<ChannelConnection> {
  const Ws = options.WebSocket;
  if (Ws === undefined) return Promise.reject(new ChannelUnavailable('no-websocket', 'This runtime has no WebSocket.'));
  let socket: WebSocket;
  try {
    // The token rides in a subprotocol: a browser WebSocket cannot send Authorization.
    socket = new Ws(options.url, [CHANNEL_PROTOCOL, ...(options.token ? [`${BEARER_PROTOCOL_PREFIX}${options.token}`] : [])]);
  } catch (error) {
    // A SecurityError from CSP's connect-src, or a malformed URL.
    return Promise.reject(new ChannelUnavailable('upgrade-failed', `The session channel could not be opened: ${(error as Error).name}.`));
  }
  const pending = new Map<number, { resolve: (reply: ChannelReply) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let open = false;
  const closed = new Promise<void>((resolve) => {
    socket.addEventListener('close', (event) => {
      open = false;
      for (const p of pending.values()) p.reject(new ChannelDropped(event.code));
      pending.clear();
      resolve();
    });
  });
  socket.addEventListener('message', (event) => {
    let reply: ChannelReply | undefined;
    try {
      reply = typeof event.data === 'string' ? parseChannelReply(JSON.parse(event.data)) : undefined;
    } catch {
      reply = undefined;
    }
    // A reply that is no reply: the peer is not a Tandem function; drop the channel (callers retry).
    if (!reply) return socket.close(4400, 'not a channel reply');
    pending.get(reply.id)?.resolve(reply);
    pending.delete(reply.id);
  });

  const connection: ChannelConnection = {
    call(route, body, idempotencyKey, signal) {
      if (!open) return Promise.reject(new ChannelDropped(1006));
      const id = nextId++;
      const frame = JSON.stringify({ id, route, idempotencyKey, body });
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          pending.delete(id);
          reject(signal.reason as Error);
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        pending.set(id, {
          resolve: (reply) => {
            signal.removeEventListener('abort', onAbort);
            resolve({ ...reply, bytesSent: new TextEncoder().encode(frame).byteLength });
          },
          reject: (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        });
        socket.send(frame);
      });
    },
    closed,
    get isOpen() {
      return open;
    },
    close: () => socket.close(1000, 'session ended'),
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new ChannelUnavailable('upgrade-failed', `The session channel did not open within ${options.openTimeoutMs} ms.`));
    }, options.openTimeoutMs);
    socket.addEventListener('open', () => {
      clearTimeout(timer);
      open = true;
      resolve(connection);
    });
    void closed.then(() => {
      clearTimeout(timer);
      // Closed before it opened: refused (401/403/426…) or unreachable. Browsers do not say which.
      reject(new ChannelUnavailable('upgrade-failed', 'The function refused or did not answer the session channel upgrade.'));
    });
  });
}
