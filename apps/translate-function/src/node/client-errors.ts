import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem, type Logger, type ProblemType } from '@tandem/functions';

/**
 * Node's HTTP parser refuses some requests before the app ever sees them (headers too large,
 * a request line it cannot read, Content-Length together with Transfer-Encoding) or while the
 * app reads the body (a malformed chunk). Its own answer is an empty `400`/`431`; this one is the
 * same status with the function's problem+json body, so a client branches on `type` here too,
 * and one warn line is logged (never the bytes received, which may hold the text or a token).
 * A client that hung up is not answered and not logged here: an idle keep-alive socket reset by a
 * browser is routine, and a request cut short mid-body is logged by the app (499, `clientClosed`).
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: unknown }, socket: Duplex) => {
    const code = error.code ?? error.name;
    if (code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean; req?: IncomingMessage } })._httpMessage;
    const { method, path } = requestLine(inFlight?.req, error.rawPacket);
    const p = problem(problemTypeFor(code), 'The HTTP request could not be parsed.');
    logger({
      level: 'warn',
      event: 'client-error',
      requestId: crypto.randomUUID(),
      method,
      path,
      status: p.status,
      ms: 0,
      problem: p.type,
      errorKind: code,
    });
    // Never write into a response that has already started on this socket: it would corrupt it.
    if (inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(p);
    socket.end(
      `HTTP/1.1 ${p.status} ${STATUS_CODES[p.status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json\r\nCache-Control: no-store\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      () => socket.destroy(),
    );
  });
}

/** The codes Node's default handler answers with something other than 400, mapped alike. */
function problemTypeFor(code: string): ProblemType {
  if (code === 'HPE_HEADER_OVERFLOW') return 'request-header-fields-too-large';
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 'payload-too-large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'request-timeout';
  return 'bad-request';
}

/** Method and path (no query) of the refused request, from the parsed request or its first bytes. */
function requestLine(req: IncomingMessage | undefined, raw: unknown): { method: string; path: string } {
  if (req?.method && req.url) return { method: req.method, path: req.url.split('?')[0] ?? '-' };
  const first = Buffer.isBuffer(raw) ? /^([A-Z]{1,16}) (\/[^\s?]{0,200})/.exec(raw.subarray(0, 256).toString('latin1')) : null;
  return { method: first?.[1] ?? '-', path: first?.[2] ?? '-' };
}
