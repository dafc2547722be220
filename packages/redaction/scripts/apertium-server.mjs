// Starts Debian's apertium-apy for tests and the placeholder survey: on 127.0.0.1 only, on a port
// the kernel picks. apertium-apy itself binds every interface and takes a fixed port, so it is
// started through a few lines of Python that pin tornado's bind() to loopback and print the port
// it got (no race between "find a free port" and "bind it"). Types: apertium-server.d.mts.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const WRAPPER = `
import sys
import tornado.tcpserver as tcp
_bind = tcp.TCPServer.bind
def bind(self, port, address=None, *args, **kwargs):
    _bind(self, port, '127.0.0.1', *args, **kwargs)
    sockets = list(getattr(self, '_pending_sockets', [])) + list(getattr(self, '_sockets', {}).values())
    print('APY_LISTENING', sorted({s.getsockname()[1] for s in sockets})[0], flush=True)
tcp.TCPServer.bind = bind
sys.argv = ['apertium-apy', '-p', '0', sys.argv[1]]
from apertium_apy.apy import main
main()
`;

/** The interpreter apertium-apy was installed for (its shebang), not whatever python3 is first on PATH. */
function apyPython() {
  try {
    const shebang = readFileSync('/usr/bin/apertium-apy', 'utf8').split('\n')[0] ?? '';
    if (shebang.startsWith('#!')) return shebang.slice(2).trim();
  } catch {
    // not installed where Debian puts it: try the system interpreter
  }
  return '/usr/bin/python3';
}

function waitForPort(child, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`apertium-apy printed no port within ${timeoutMs} ms`)), timeoutMs);
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`apertium-apy exited with ${code} before listening (is Debian's apertium-apy installed?)\n${stderr}`));
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^APY_LISTENING (\d+)$/u.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}

export async function startApertium({ modes = '/usr/share/apertium/modes', timeoutMs = 30_000 } = {}) {
  // Own process group, so stop() also ends the translation pipelines apertium-apy forks.
  const child = spawn(apyPython(), ['-c', WRAPPER, modes], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      process.kill(-child.pid, 'SIGTERM');
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
      }, 5000).unref();
    });
  try {
    const port = await waitForPort(child, timeoutMs);
    const url = `http://127.0.0.1:${port}`;
    // Listening is not ready: wait until it answers /listPairs.
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${url}/listPairs`);
        if (res.ok) break;
      } catch {
        // not answering yet
      }
      if (Date.now() > deadline) throw new Error('apertium-apy did not answer /listPairs');
      await new Promise((r) => setTimeout(r, 200));
    }
    const translate = async (q, langpair, extra = {}) => {
      const res = await fetch(`${url}/translate`, { method: 'POST', body: new URLSearchParams({ q, langpair, ...extra }) });
      const json = await res.json();
      const text = json?.responseData?.translatedText;
      if (!res.ok || typeof text !== 'string') throw new Error(`apertium-apy ${res.status}: ${JSON.stringify(json?.responseDetails)}`);
      return text;
    };
    return { url, translate, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
