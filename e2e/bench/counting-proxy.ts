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
}

export interface CountingProxy {
  url: string;
  port: number;
  /** Totals since the proxy started. */
  count(): ByteCount;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<CountingProxy> {
  const total: ByteCount = { up: 0, down: 0, connections: 0 };
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
    client.on('data', (d: Buffer) => (total.up += d.length));
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
    count: () => ({ ...total }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
