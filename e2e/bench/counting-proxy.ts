/**
 * A loopback TCP proxy that counts the bytes a browser really sends to a server: request lines,
 * every header (cookies, CORS, auth), CORS preflights, bodies, all of HTTP/1.1 as it is on the
 * wire. The data-out benchmark puts one in front of each server the app talks to, so its
 * "bytes leaving the device" does not depend on what the browser chooses to report.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface ByteCount {
  /** Client → server bytes (what leaves the device). */
  up: number;
  /** Server → client bytes. */
  down: number;
  connections: number;
  /** HTTP/1.x requests seen going up, by method (CORS preflights show as OPTIONS). */
  methods: Record<string, number>;
  /** Each request line's method and target, in order (`GET /sw.js`): what the up bytes were for. */
  targets: string[];
}

/**
 * No anchor: on a kept-alive connection the next request line follows the previous body directly.
 * Bodies here are JSON, where a bare CRLF cannot occur, so a match is a request line.
 */
const REQUEST_LINE = /(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) (\S+) HTTP\/1\.[01]\r\n/g;

/**
 * Counts request lines in a connection's upstream bytes. A line split across two chunks is found
 * by keeping the previous chunk's tail (a request line is far shorter than the tail kept).
 */
export function requestLineCounter(onMethod: (method: string, target: string) => void): (chunk: Buffer) => void {
  let tail = '';
  return (chunk) => {
    const text = tail + chunk.toString('latin1');
    const from = tail.length;
    for (const m of text.matchAll(REQUEST_LINE)) {
      // Matches that end inside the old tail were counted with the previous chunk.
      if (m.index + m[0].length > from) onMethod(m[1]!, m[2]!);
    }
    tail = text.slice(-256);
  };
}

export interface CountingProxy {
  url: string;
  port: number;
  /** Totals since the proxy started. */
  count(): ByteCount;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  const total: ByteCount = { up: 0, down: 0, connections: 0, methods: {}, targets: [] };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    total.connections++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    const lines = requestLineCounter((method, target) => {
      total.methods[method] = (total.methods[method] ?? 0) + 1;
      total.targets.push(`${method} ${target}`);
    });
    client.on('data', (d: Buffer) => {
      total.up += d.length;
      lines(d);
    });
    upstream.on('data', (d: Buffer) => (total.down += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    count: () => ({ ...total, methods: { ...total.methods }, targets: [...total.targets] }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
