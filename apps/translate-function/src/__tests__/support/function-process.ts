import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { RequestLog } from '@tandem/functions';

/**
 * The Node function as its own process (bin/start.mjs, the demo's launcher), for what only real
 * processes show: state that survives a restart, and state two instances share. Its request logs
 * (JSON lines on stdout) are collected so a test can count provider runs on the server side.
 */
export interface FunctionProcess {
  url: string;
  logs: RequestLog[];
  /** SIGTERM (a clean stop) or SIGKILL (a crash); resolves once the process is gone. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

const APP = resolve(import.meta.dirname, '../../..');

export async function startFunctionProcess(env: Record<string, string>): Promise<FunctionProcess> {
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: APP,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  void exited.then(() => process.off('exit', reap));
  const logs: RequestLog[] = [];
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`function process did not start:\n${stderr}`)), 30_000);
    void exited.then(() => reject(new Error(`function process exited:\n${stderr}`)));
    let buf = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buf += chunk;
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const line of lines) {
        const m = line.match(/^Tandem translate function: (http:\/\/\S+)/);
        if (m?.[1]) {
          clearTimeout(timer);
          resolveUrl(m[1]);
        } else if (line.startsWith('{')) logs.push(JSON.parse(line) as RequestLog);
      }
    });
  });
  return {
    url,
    logs,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
