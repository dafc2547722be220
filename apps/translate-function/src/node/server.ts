import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, upgradeWebSocket } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { CHANNEL_PROTOCOL, DEFAULT_BODY_LIMIT, ENVELOPE_BYTES, appOptionsFromEnv, createTranslateApp, jsonLineLogger, type ClientAddress, type FunctionEnv, type Logger, type TranslateAppOptions } from '@tandem/functions';
import { WebSocketServer } from 'ws';
import { answerClientErrors } from './client-errors.js';
import { stateOptionsFromEnv } from './state-from-env.js';

export interface NodeServerOptions {
  /** Env-style configuration (see @tandem/functions `appOptionsFromEnv`). */
  env?: FunctionEnv;
  /** Overrides on top of what `env` gives (provider, logger, limiter…). */
  overrides?: Partial<TranslateAppOptions>;
  logger?: Logger;
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1: the demo's function is loopback-only. */
  host?: string;
}

export interface NodeFunctionServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * On Node the caller is the socket's peer: the one address no request header can change. (Behind
 * a reverse proxy that is the proxy; pass your own `clientAddress` in `overrides` there.)
 */
export const socketAddress: ClientAddress = (c) => getConnInfo(c).remote.address;

/**
 * The session channels' WebSocket server (ws, attached by @hono/node-server to the HTTP server's
 * upgrades). permessage-deflate with context takeover: a session's messages repeat the same keys
 * and routes, which then cost a few bytes each. A frame may be 4× the message limit before ws
 * drops the connection; up to that the app answers 413 to the message.
 */
function channelServer(bodyLimitBytes: number): WebSocketServer {
  return new WebSocketServer({
    noServer: true,
    maxPayload: 4 * (bodyLimitBytes + ENVELOPE_BYTES),
    perMessageDeflate: { threshold: 0, serverMaxWindowBits: 12, zlibDeflateOptions: { memLevel: 6 } },
    // ws answers the first offered subprotocol by default; the token's must never be echoed.
    handleProtocols: (protocols) => (protocols.has(CHANNEL_PROTOCOL) ? CHANNEL_PROTOCOL : false),
  });
}

/** The same Hono app as on Workers, served by @hono/node-server. */
export async function startNodeServer(options: NodeServerOptions = {}): Promise<NodeFunctionServer> {
  const env = options.env ?? {};
  const fromEnv = appOptionsFromEnv(env, options.overrides?.provider);
  const appOptions: TranslateAppOptions = {
    ...fromEnv,
    clientAddress: socketAddress,
    channel: { upgradeWebSocket },
    ...(await stateOptionsFromEnv(env, fromEnv)),
    ...options.overrides,
  };
  if (options.logger) appOptions.logger = options.logger;
  const app = createTranslateApp(appOptions);
  const host = options.host ?? '127.0.0.1';
  const wss = channelServer(appOptions.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host, websocket: { server: wss } }, (info: AddressInfo) => resolve({ server: s, port: info.port }));
    s.once('error', reject);
  });
  answerClientErrors(server as Server, appOptions.logger ?? jsonLineLogger);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets would hold close() open; drop them (Node ≥ 18.2). Upgraded sockets are
        // no longer the HTTP server's: end the session channels too (clients reopen or use HTTP).
        if ('closeAllConnections' in server) server.closeAllConnections();
        for (const socket of wss.clients) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
