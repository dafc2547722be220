import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { withProviderDeadline } from '@tandem/functions';

/**
 * Debian's `apertium-apy` binds every interface on the port it is given. This launcher runs
 * the same server through the system Python with tornado's `bind` pinned to 127.0.0.1 and
 * reports the port the kernel chose, so callers can pass port 0 (ephemeral, no probing race)
 * and nothing is exposed beyond loopback. It also asks the kernel to end it when its parent dies
 * (PR_SET_PDEATHSIG), so a killed test run leaves no server behind.
 */
const LOOPBACK_LAUNCHER = `
import sys
try:
    import ctypes
    ctypes.CDLL('libc.so.6').prctl(1, 15)  # PR_SET_PDEATHSIG = SIGTERM: die with the parent
except Exception:
    pass
import tornado.httpserver
_bind = tornado.httpserver.HTTPServer.bind
def _loopback_bind(self, port, address=None, *args, **kwargs):
    _bind(self, port, '127.0.0.1', *args, **kwargs)
    for sock in self._pending_sockets:
        print('APY_LISTENING %d' % sock.getsockname()[1], flush=True)
tornado.httpserver.HTTPServer.bind = _loopback_bind
from apertium_apy.apy import main
sys.argv = ['apertium-apy'] + sys.argv[1:]
main()
`;

export interface ApertiumApyProcess {
  /** e.g. `http://127.0.0.1:40123` */
  url: string;
  port: number;
  pid: number;
  /** Settles when the process exits, however it ends (the supervisor restarts it from here). */
  exited: Promise<ApertiumApyExit>;
  /** SIGTERM, then SIGKILL after 2 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export interface ApertiumApyExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartApertiumApyOptions {
  /** 0 (default) = ephemeral. */
  port?: number;
  modesDir?: string;
  /** The Python that has apertium_apy and tornado (Debian's, not a pyenv shim). */
  python?: string;
  startTimeoutMs?: number;
  /** Receives apy's own log lines (stderr); default: dropped. */
  onLog?: (line: string) => void;
}

export const DEFAULT_MODES_DIR = '/usr/share/apertium/modes';

export async function startApertiumApy(options: StartApertiumApyOptions = {}): Promise<ApertiumApyProcess> {
  const python = options.python ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
  const modesDir = options.modesDir ?? DEFAULT_MODES_DIR;
  if (!existsSync(modesDir)) {
    throw new Error(`No Apertium modes at ${modesDir}: install apertium-apy apertium-eng-spa (apt-get).`);
  }
  const child = spawn(python, ['-c', LOOPBACK_LAUNCHER, '-p', String(options.port ?? 0), modesDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<ApertiumApyExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line && options.onLog) options.onLog(line);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`apertium-apy did not start within ${options.startTimeoutMs ?? 15_000} ms`));
    }, options.startTimeoutMs ?? 15_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      const m = out.match(/APY_LISTENING (\d+)/);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`apertium-apy exited before listening (code ${code}, signal ${signal})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForPairs(url, 15_000);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { url, port, pid: child.pid ?? -1, exited, stop: () => stopChild(child) };
}

/** apy prints its port before tornado's loop serves; wait until /listPairs answers. */
async function waitForPairs(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await apertiumApyAnswers(url)) return;
    if (Date.now() > deadline) throw new Error(`apertium-apy at ${url} did not answer /listPairs`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Whether an apertium-apy answers at `url` within `timeoutMs` (the start script reuses a running one). */
export async function apertiumApyAnswers(url: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    return await withProviderDeadline('apertium-apy', async (signal) => {
      const res = await fetch(`${url.replace(/\/+$/, '')}/listPairs`, { signal });
      await res.body?.cancel();
      return res.ok;
    }, { timeoutMs });
  } catch {
    return false;
  }
}
