import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

/**
 * The real translate function on Node (apps/translate-function/bin/start.mjs) as a child process
 * a spec can stop and restart on the same port. Its structured request logs (one JSON line per
 * request, never the text) are collected, so a spec can count provider calls on the server side.
 */
const APP = resolve(import.meta.dirname, '../../apps/translate-function');
export const FUNCTION_SECRET = 'e2e-function-secret-at-least-32-bytes-long';

export interface FunctionLogLine {
  method: string;
  path: string;
  status: number;
  idempotencyKey?: string;
  providerCalled?: boolean;
  replayed?: boolean;
}

export interface FunctionServer {
  url: string;
  port: number;
  /** Every request log line seen since the first start (across restarts). */
  logs: FunctionLogLine[];
  /** How many times the provider ran for this idempotency key. */
  providerCalls(key: string): number;
  /** Requests (any outcome) that reached the function with this key. */
  requests(key: string): number;
  stop(): Promise<void>;
  /** Start again on the same port, optionally with other env (e.g. no delay). */
  restart(env?: Record<string, string>): Promise<void>;
}

export interface FunctionServerOptions {
  allowedOrigin: string;
  env?: Record<string, string>;
}

export function devToken(subject: string, ttlSeconds = 900): string {
  const out = spawnSync(process.execPath, ['scripts/dev-token.mjs', '--sub', subject, '--ttl', String(ttlSeconds)], {
    cwd: APP,
    env: { ...process.env, TANDEM_JWT_SECRET: FUNCTION_SECRET },
    encoding: 'utf8',
  });
  if (out.status !== 0) throw new Error(`dev-token failed: ${out.stderr}`);
  return out.stdout.trim();
}

export async function startFunctionServer(options: FunctionServerOptions): Promise<FunctionServer> {
  const logs: FunctionLogLine[] = [];
  let child: ChildProcess | undefined;
  let port = 0;

  async function launch(env: Record<string, string>): Promise<void> {
    const proc = spawn(process.execPath, ['bin/start.mjs'], {
      cwd: APP,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        TANDEM_PROVIDER: 'fixed',
        TANDEM_FIXED_RESPONSE: '[es] {text}',
        TANDEM_JWT_SECRET: FUNCTION_SECRET,
        TANDEM_ALLOWED_ORIGINS: options.allowedOrigin,
        TANDEM_RATE_LIMIT_PER_MINUTE: '6000',
        TANDEM_RATE_LIMIT_BURST: '200',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    // Never leave a function server behind if the worker exits without afterEach (crash, ^C).
    const reap = () => proc.kill('SIGKILL');
    process.once('exit', reap);
    proc.once('exit', () => process.off('exit', reap));
    let stderr = '';
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    await new Promise<void>((resolveStart, reject) => {
      let buf = '';
      const timer = setTimeout(() => reject(new Error(`function server did not start:\n${stderr}`)), 20_000);
      proc.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`function server exited (${code}):\n${stderr}`));
      });
      proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        buf += chunk;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) {
          const m = line.match(/^Tandem translate function: http:\/\/127\.0\.0\.1:(\d+)/);
          if (m) {
            port = Number(m[1]);
            clearTimeout(timer);
            proc.removeAllListeners('exit');
            resolveStart();
          } else if (line.startsWith('{')) {
            logs.push(JSON.parse(line) as FunctionLogLine);
          }
        }
      });
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((done) => {
      proc.once('exit', () => done());
      proc.kill('SIGTERM');
    });
  }

  const baseEnv = options.env ?? {};
  await launch(baseEnv);
  const translateLines = (key: string) => logs.filter((l) => l.path === '/v1/translate' && l.idempotencyKey === key);
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    logs,
    providerCalls: (key) => translateLines(key).filter((l) => l.providerCalled === true).length,
    requests: (key) => translateLines(key).length,
    stop,
    restart: async (env) => {
      await stop();
      await launch({ ...baseEnv, ...env });
    },
  };
}
