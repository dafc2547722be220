import { BEARER_PROTOCOL_PREFIX, CHANNEL_PROTOCOL, CHANNEL_ROUTE } from '@tandem/functions';
import WebSocket from 'ws';

/** A Node WebSocket (ws) on a function's session channel, for tests: what a browser would open. */
export interface TestChannel {
  ws: WebSocket;
  /** Sends one frame (an object is sent as JSON) and resolves with the reply that has its id. */
  call(frame: Record<string, unknown> & { id: number }): Promise<Record<string, unknown>>;
  send(raw: string): void;
  /** Resolves with the close code once the channel closes. */
  closed: Promise<number>;
  close(): void;
}

export interface OpenOptions {
  token?: string;
  origin?: string;
  protocols?: string[];
}

/** Opens the channel, or rejects with the HTTP status that refused the upgrade (`status`). */
export function openChannel(url: string, options: OpenOptions = {}): Promise<TestChannel> {
  const protocols = options.protocols ?? [CHANNEL_PROTOCOL, ...(options.token ? [`${BEARER_PROTOCOL_PREFIX}${options.token}`] : [])];
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}${CHANNEL_ROUTE}`, protocols, {
    perMessageDeflate: true,
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const waiting = new Map<number, (reply: Record<string, unknown>) => void>();
  ws.on('message', (data) => {
    const reply = JSON.parse(String(data)) as Record<string, unknown>;
    waiting.get(reply.id as number)?.(reply);
    waiting.delete(reply.id as number);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      res.resume();
      ws.terminate();
    });
    ws.once('error', reject);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve({
        ws,
        call: (frame) =>
          new Promise((done) => {
            waiting.set(frame.id, done);
            ws.send(JSON.stringify(frame));
          }),
        send: (raw) => ws.send(raw),
        closed,
        close: () => ws.close(),
      });
    });
  });
}
