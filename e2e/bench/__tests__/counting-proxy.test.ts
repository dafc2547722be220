import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startCountingProxy } from '../counting-proxy.ts';

describe('startCountingProxy', () => {
  it('forwards HTTP on loopback and counts every byte sent up, headers included', async () => {
    const received: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (d: string) => (body += d));
      req.on('end', () => {
        received.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = await startCountingProxy({ host: '127.0.0.1', port: (server.address() as AddressInfo).port });
    try {
      const body = JSON.stringify({ text: 'x'.repeat(300) });
      const res = await fetch(`${proxy.url}/v1/translate`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-long': 'y'.repeat(200) }, body });
      expect(await res.text()).toBe('ok');
      expect(received).toEqual([body]);
      const c = proxy.count();
      expect(c.connections).toBe(1);
      // Body + the long header + request line: more than their sum, less than that plus ~400 B of framing.
      expect(c.up).toBeGreaterThan(body.length + 200 + 'POST /v1/translate HTTP/1.1'.length);
      expect(c.up).toBeLessThan(body.length + 200 + 600);
      expect(c.down).toBeGreaterThan(2);
    } finally {
      await proxy.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
