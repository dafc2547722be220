import type { RemoteRequest, RemoteResponse, RemoteTransport, RunOptions } from '../index.js';

/**
 * A real in-process transport: it records every request it is handed and answers with a function
 * of the payload, or fails when told to. Tests assert on `calls` to prove what left the "device".
 */
export class RecordingTransport implements RemoteTransport {
  readonly calls: RemoteRequest[] = [];
  failWith: Error | undefined;

  constructor(private readonly respond: (request: RemoteRequest, options?: RunOptions) => unknown = (r) => r.payload) {}

  async send(request: RemoteRequest, options?: RunOptions): Promise<RemoteResponse> {
    this.calls.push(structuredClone(request));
    await Promise.resolve();
    if (this.failWith !== undefined) throw this.failWith;
    const started = performance.now();
    const output = this.respond(request, options);
    return { output, report: { backend: 'remote', runMs: performance.now() - started, costUsd: 0.0002 } };
  }
}
