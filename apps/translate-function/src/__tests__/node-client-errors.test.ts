import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RequestLog } from '@tandem/functions';
import { startNodeServer, type NodeFunctionServer } from '../index.js';
import { functionEnv, post, token } from './support/requests.js';

/**
 * What reaches the Node server as broken HTTP, sent byte by byte over a raw TCP socket (no
 * client library would send it): clients that hang up mid-body are client errors logged at warn
 * (499), and what Node's parser refuses is answered in the function's problem+json, not with
 * Node's empty 400/431. After each, the server still serves.
 */
let server: NodeFunctionServer;
const logs: RequestLog[] = [];
let auth: string;

beforeAll(async () => {
  server = await startNodeServer({ env: { ...functionEnv, TANDEM_PROVIDER: 'fixed', TANDEM_RATE_LIMIT_BURST: '1000', TANDEM_RATE_LIMIT_PER_MINUTE: '10000' }, logger: (e) => logs.push(e) });
  auth = `Bearer ${await token('raw-socket-user')}`;
});
afterAll(async () => {
  await server?.close();
});

/** Writes `bytes`, then either hangs up after a moment or waits for the server to close; returns what came back. */
function rawExchange(bytes: string, end: 'hang-up' | 'wait'): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(bytes);
      if (end === 'hang-up') setTimeout(() => socket.destroy(), 150);
    });
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (received += d));
    socket.on('close', () => resolve(received));
    socket.on('error', (e) => (end === 'hang-up' ? resolve(received) : reject(e)));
    socket.setTimeout(10_000, () => reject(new Error(`no close; got ${JSON.stringify(received)}`)));
  });
}

function head(path: string, extra: string): string {
  return `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nContent-Type: application/json\r\n${extra}\r\n`;
}

const BODY = JSON.stringify({ text: 'hello there', redaction: { version: 1, placeholders: [] }, label: 'sanitized' });

/** The log lines written since `from`, once `done` holds for them (the app logs after its handler ends). */
async function logsAfter(from: number, done: (lines: RequestLog[]) => boolean): Promise<RequestLog[]> {
  for (let i = 0; i < 100 && !done(logs.slice(from)); i++) await new Promise((r) => setTimeout(r, 50));
  return logs.slice(from);
}

function parseResponse(raw: string): { status: number; headers: string; body: unknown } {
  const [headers = '', body = ''] = raw.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1]), headers: headers.toLowerCase(), body: body ? JSON.parse(body) : undefined };
}

async function stillServes(): Promise<void> {
  const res = await post(server.url, JSON.parse(BODY), { authorization: auth }, '/v1/punctuate');
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ text: 'Hello there.' });
}

describe('Node: broken HTTP from the client', () => {
  test.each([
    ['a Content-Length body cut short', (): string => head('/v1/punctuate', 'Content-Length: 500\r\n') + BODY.slice(0, 20)],
    ['a chunked body cut short', (): string => head('/v1/punctuate', 'Transfer-Encoding: chunked\r\n') + `14\r\n${BODY.slice(0, 20)}\r\n`],
    ['a translate body cut short', (): string => head('/v1/translate', 'Content-Length: 900\r\n') + BODY.slice(0, 30)],
  ])('%s and a hang-up: logged at warn as 499 clientClosed, never error/500', async (_name, bytes) => {
    const from = logs.length;
    await rawExchange(bytes(), 'hang-up');
    const lines = await logsAfter(from, (l) => l.some((e) => e.event === 'request'));
    const request = lines.find((e) => e.event === 'request');
    expect(request).toMatchObject({ level: 'warn', status: 499, clientClosed: true, problem: 'https://tandem.dev/problems/client-closed-request' });
    expect(lines.filter((e) => e.level === 'error')).toEqual([]);
    await stillServes();
  });

  test.each([
    ['malformed chunk size', 400, 'bad-request', (): string => head('/v1/punctuate', 'Transfer-Encoding: chunked\r\n') + 'ZZ\r\nabc\r\n0\r\n\r\n'],
    ['a bad chunk after a good one', 400, 'bad-request', (): string => head('/v1/punctuate', 'Transfer-Encoding: chunked\r\n') + `5\r\n${BODY.slice(0, 5)}\r\nQ!\r\n`],
    ['Content-Length with Transfer-Encoding (smuggling)', 400, 'bad-request', (): string => head('/v1/punctuate', 'Content-Length: 5\r\nTransfer-Encoding: chunked\r\n') + '0\r\n\r\n'],
    ['two Content-Lengths', 400, 'bad-request', (): string => head('/v1/punctuate', 'Content-Length: 5\r\nContent-Length: 6\r\n') + 'hello!'],
    ['a request line that is not HTTP', 400, 'bad-request', (): string => 'HELLO THERE\r\n\r\n'],
    ['a bare LF in a header', 400, 'bad-request', (): string => 'GET /healthz HTTP/1.1\r\nHost: x\nX-Evil: 1\r\n\r\n'],
    ['headers over Node\'s limit', 431, 'request-header-fields-too-large', (): string => `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ] as const)('%s: Node\'s parser refuses it, answered as problem+json %i, logged at warn', async (_name, status, type, bytes) => {
    const from = logs.length;
    const answer = parseResponse(await rawExchange(bytes(), 'wait'));
    expect(answer.status).toBe(status);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ type: `https://tandem.dev/problems/${type}`, status });
    const lines = await logsAfter(from, (l) => l.some((e) => e.event === 'client-error'));
    expect(lines.find((e) => e.event === 'client-error')).toMatchObject({ level: 'warn', status, errorKind: expect.stringMatching(/^HPE_/) });
    expect(lines.filter((e) => e.level === 'error')).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain(BODY.slice(0, 5));
    await stillServes();
  });
});
