import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';

/**
 * examples/photo-redact as a developer gets it: every package packed (scripts/pack-packages.mjs,
 * `prepack` builds each), the app copied outside the workspace with its `file:` specs pointed at
 * those tarballs, installed by pnpm with the `@tandem` scope on a dead registry (nothing of ours
 * may come from the public one; third-party packages come from the store the workspace filled),
 * typechecked against the packed types, built by Vite (page and Node function), served with
 * COOP/COEP by a static server here (its function, bundled whole by Vite, runs on Node). One build per Playwright run: the second project finds it
 * by the runner's pid; builds of runners that are gone are swept.
 */
const ROOT = resolve(import.meta.dirname, '../..');
export const EXAMPLE_DIR = join(ROOT, 'examples/photo-redact');
const MODELS = join(ROOT, 'e2e/public/models');
const PREFIX = 'tandem-photo-redact-';
const DEAD_SCOPE_REGISTRY = ['--config.@tandem:registry=http://127.0.0.1:9/', '--config.fetch-retries=0'];

function pnpmArgv(): string[] {
  const viaExec = process.env.npm_execpath;
  return viaExec && /pnpm/.test(viaExec) ? [process.execPath, viaExec] : ['pnpm'];
}

function run(argv: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const [cmd, ...args] = argv as [string, ...string[]];
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Builds of Playwright runners that have exited (a crash or ^C leaves one behind). */
function sweepStaleBuilds(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && pid !== process.ppid && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

export interface BuiltApp {
  dir: string;
  /** Milliseconds per step of this build (0 when reused). */
  steps: Record<string, number>;
}

/** Packs, installs, typechecks and builds the example once per Playwright run. */
export function buildPhotoRedactApp(): BuiltApp {
  sweepStaleBuilds();
  const work = join(tmpdir(), `${PREFIX}${process.ppid}`);
  const dir = join(work, 'photo-redact');
  if (existsSync(join(work, 'built'))) return { dir, steps: {} };
  rmSync(work, { recursive: true, force: true });
  const steps: Record<string, number> = {};
  const step = (name: string, work: () => void) => {
    const started = Date.now();
    work();
    steps[name] = Date.now() - started;
  };
  // `npm test` packs once for this spec and the packed-packages unit test (scripts/tandem.mjs).
  const packed = process.env.TANDEM_PACKS_DIR;
  const packs = packed && existsSync(join(packed, 'packs.json')) ? packed : join(work, 'packs');
  if (packs !== packed) step('pack', () => run([process.execPath, join(ROOT, 'scripts/pack-packages.mjs'), packs], ROOT));
  const tarballs = JSON.parse(readFileSync(join(packs, 'packs.json'), 'utf8')) as Record<string, string>;
  cpSync(EXAMPLE_DIR, dir, { recursive: true, filter: (src) => !/[/\\](node_modules|dist|dist-function)$/.test(src) });
  const pkgPath = join(dir, 'package.json');
  // The committed specs name ../../packs/ (what `pnpm pack:packages` writes); here: this run's.
  writeFileSync(pkgPath, readFileSync(pkgPath, 'utf8').replace(/file:\.\.\/\.\.\/packs\/[^"]+\.tgz/g, (spec) => {
    const file = spec.slice('file:../../packs/'.length);
    const found = Object.values(tarballs).find((t) => t.endsWith(`/${file}`));
    if (!found) throw new Error(`${file}: not among the packed tarballs (${Object.values(tarballs).join(', ')})`);
    return `file:${found}`;
  }));
  for (const model of ['tiny-face-detector', 'tiny-scorer']) cpSync(join(MODELS, model), join(dir, 'public/models', model), { recursive: true });
  step('install', () => run([...pnpmArgv(), 'install', '--prefer-offline', ...DEAD_SCOPE_REGISTRY], dir));
  step('typecheck', () => run([...pnpmArgv(), 'run', 'typecheck'], dir));
  step('build', () => run([...pnpmArgv(), 'run', 'build'], dir));
  // What is served and run needs no node_modules (the function is bundled whole): ~550 MB less left in the temp dir.
  rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
  rmSync(packs, { recursive: true, force: true });
  writeFileSync(join(work, 'built'), JSON.stringify(steps));
  return { dir, steps };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.onnx': 'application/octet-stream',
};

/** The built page on 127.0.0.1 (port 0), cross-origin isolated, as a static host would serve it. */
export async function serveStatic(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (!file.startsWith(root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export interface CaptionFunction {
  url: string;
  /** The function's request log lines (JSON, one per request; never the data). */
  logs: { method: string; path: string; status: number }[];
  stop(): Promise<void>;
}

/** The app's own function (its built dist-function/server.js) on Node, allowing only `origin`. */
export async function startCaptionFunction(dir: string, origin: string): Promise<CaptionFunction> {
  const child: ChildProcess = spawn(process.execPath, ['dist-function/server.js'], {
    cwd: dir,
    env: { ...process.env, PORT: '0', PHOTO_REDACT_ORIGIN: origin },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  const logs: CaptionFunction['logs'] = [];
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`caption function did not start:\n${stderr}`)), 20_000);
    child.once('exit', (code) => reject(new Error(`caption function exited (${code}):\n${stderr}`)));
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const m = line.match(/^photo-redact caption function: (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) {
          clearTimeout(timer);
          resolveUrl(m[1]!);
        } else if (line.startsWith('{')) logs.push(JSON.parse(line) as CaptionFunction['logs'][number]);
      }
    });
  });
  return {
    url,
    logs,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

/** Non-blank, non-comment lines between `// count: <what>` and `// count: end` in the example's sources. */
export function countedLines(): Record<string, number> {
  const counts: Record<string, number> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && !['node_modules', 'dist', 'dist-function', 'public'].includes(e.name)) walk(join(d, e.name));
      else if (e.name.endsWith('.ts')) {
        let current: string | undefined;
        for (const line of readFileSync(join(d, e.name), 'utf8').split('\n')) {
          const marker = line.match(/^\s*\/\/ count: (.+)$/);
          if (marker) current = marker[1] === 'end' ? undefined : marker[1];
          else if (current && line.trim() !== '' && !/^\s*(\/\/|\/\*\*?|\*)/.test(line)) counts[current] = (counts[current] ?? 0) + 1;
        }
      }
    }
  };
  walk(EXAMPLE_DIR);
  return counts;
}
