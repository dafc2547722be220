import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { requestLineCounter, startCountingProxy } from '../counting-proxy.ts';

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
      expect(c.methods).toEqual({ POST: 1 });
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

describe('requestLineCounter', () => {
  it('counts request lines on a kept-alive connection, also when split across chunks', () => {
    const seen: string[] = [];
    const feed = requestLineCounter((m) => seen.push(m));
    const body = '{"text":"call ⟦1⟧"}';
    const stream =
      `OPTIONS /v1/translate HTTP/1.1\r\nHost: x\r\nAccess-Control-Request-Method: POST\r\n\r\n` +
      `POST /v1/translate HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}` +
      `POST /v1/translate HTTP/1.1\r\nHost: x\r\n\r\n${body}GET /sw.js HTTP/1.1\r\n\r\n`;
    const bytes = Buffer.from(stream);
    // Every possible split point, in three pieces.
    for (let cut = 1; cut < bytes.length; cut += 7) {
      seen.length = 0;
      const f = requestLineCounter((m) => seen.push(m));
      f(bytes.subarray(0, cut));
      f(bytes.subarray(cut, Math.min(bytes.length, cut + 11)));
      f(bytes.subarray(Math.min(bytes.length, cut + 11)));
      expect(seen, `cut at ${cut}`).toEqual(['OPTIONS', 'POST', 'POST', 'GET']);
    }
    feed(Buffer.from('{"json": "no request line here"}'));
    expect(seen).toEqual(['OPTIONS', 'POST', 'POST', 'GET']);
  });
});
