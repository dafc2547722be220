import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { Log, LogLevel, Miniflare } from 'miniflare';

/**
 * Runs the Worker entry (src/worker.ts) on real workerd through miniflare: bundled with esbuild
 * first (the workspace's TS sources via the `@tandem/source` condition, as wrangler would bundle
 * dist), offline, on 127.0.0.1 with an ephemeral port. Miniflare sends no telemetry; wrangler's
 * is off by WRANGLER_SEND_METRICS=false for any wrangler call the tests make.
 */
export interface WorkerdFunction {
  url: string;
  /** Lines the worker wrote to stdout/stderr (its structured logs). */
  logs: string[];
  /** With `secondInstance`: a request to the second copy (`path` like `/v1/translate`). */
  second?: (path: string, init?: RequestInit) => Promise<Response>;
  dispose(): Promise<void>;
}

export async function bundleWorker(entry = resolve(import.meta.dirname, '../../worker.ts')): Promise<{ file: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-worker-'));
  const file = join(dir, 'worker.mjs');
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@tandem/source', 'workerd', 'worker', 'browser'],
    logLevel: 'warning',
  });
  return { file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface WorkerdOptions {
  /**
   * Where the `TANDEM_STATE` Durable Objects keep their storage; a second miniflare started on
   * the same directory finds it (a restart). Default: in memory, gone with this miniflare.
   */
  statePersistDir?: string;
  /**
   * Also run a second copy of the Worker (another isolate, as Cloudflare runs under load) bound to
   * the first one's `FunctionState` namespace; reach it with `WorkerdFunction.second`.
   */
  secondInstance?: boolean;
  /** Another Worker entry to bundle instead of src/worker.ts (a test's own routes); without Durable Objects. */
  entry?: string;
}

export async function startWorkerd(bindings: Record<string, string>, options: WorkerdOptions = {}): Promise<WorkerdFunction> {
  process.env.WRANGLER_SEND_METRICS = 'false';
  const bundle = await bundleWorker(options.entry);
  const logs: string[] = [];
  const collect = (stream: Readable) => {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      logs.push(...lines.filter(Boolean));
    });
  };
  const worker = { modules: true, scriptPath: bundle.file, modulesRoot: dirname(bundle.file), compatibilityDate: '2026-04-01', bindings };
  const mf = new Miniflare({
    workers: [
      // As in wrangler.toml: the function's rate limits and idempotency records, SQLite-backed.
      { ...worker, name: 'function', ...(options.entry ? {} : { durableObjects: { TANDEM_STATE: { className: 'FunctionState', useSQLite: true } } }) },
      ...(options.secondInstance
        ? [{ ...worker, name: 'second', durableObjects: { TANDEM_STATE: { className: 'FunctionState', scriptName: 'function', useSQLite: true } } }]
        : []),
    ],
    durableObjectsPersist: options.statePersistDir ?? false,
    host: '127.0.0.1',
    port: 0,
    log: new Log(LogLevel.WARN),
    handleRuntimeStdio(stdout: Readable, stderr: Readable) {
      collect(stdout);
      collect(stderr);
    },
  });
  let url: string;
  try {
    url = (await mf.ready).toString().replace(/\/$/, '');
  } catch (error) {
    bundle.cleanup();
    throw new Error(`workerd did not start:\n${logs.join('\n')}`, { cause: error });
  }
  // miniflare types its Fetcher with workers-types, which this project does not load.
  type SecondFetcher = { fetch(url: string, init?: RequestInit): Promise<Response> };
  const second = options.secondInstance ? ((await mf.getWorker('second')) as unknown as SecondFetcher) : undefined;
  return {
    url,
    logs,
    ...(second ? { second: (path: string, init?: RequestInit) => second.fetch(`http://second${path}`, init) } : {}),
    async dispose() {
      await mf.dispose();
      bundle.cleanup();
    },
  };
}
