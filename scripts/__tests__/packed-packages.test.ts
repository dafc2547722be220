import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'tandem-packed-'));
const packsDir = join(work, 'packs');
/**
 * The `@tandem` scope on the public registry is not ours: any lookup of `@tandem/*` there must
 * fail the test instead of installing someone else's code. Pointing the scope at a closed port
 * makes every such lookup an immediate connection error.
 */
const DEAD_SCOPE_REGISTRY = ['--config.@tandem:registry=http://127.0.0.1:9/', '--config.fetch-retries=0'];

function pnpmArgv(): string[] {
  const viaExec = process.env.npm_execpath;
  return viaExec && /pnpm/.test(viaExec) ? [process.execPath, viaExec] : ['pnpm'];
}

function run(argv: string[], cwd: string) {
  const [cmd, ...args] = argv as [string, ...string[]];
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** A throwaway app outside the workspace that depends on `deps` (name → tarball). */
function consumer(name: string, deps: Record<string, string>, overrides: boolean): string {
  const dir = join(work, name);
  const spec = Object.fromEntries(Object.entries(deps).map(([n, f]) => [n, `file:${f}`]));
  const pkg = { name, private: true, type: 'module', dependencies: spec, ...(overrides ? { pnpm: { overrides: spec } } : {}) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  return dir;
}

let packs: Record<string, string> = {};

beforeAll(() => {
  // `npm test` packs once for this test and the photo-redact spec (scripts/tandem.mjs); alone, pack here.
  const packed = process.env.TANDEM_PACKS_DIR;
  const dir = packed && existsSync(join(packed, 'packs.json')) ? packed : packsDir;
  if (dir === packsDir) {
    const r = run([process.execPath, join(root, 'scripts/pack-packages.mjs'), packsDir], root);
    if (r.status !== 0) throw new Error(`pack-packages failed:\n${r.stdout}\n${r.stderr}`);
  }
  packs = JSON.parse(readFileSync(join(dir, 'packs.json'), 'utf8')) as Record<string, string>;
}, 600_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed packages (what a web developer installs)', () => {
  it('packs every workspace package, each passing publint --strict with its export targets present', () => {
    // pack-packages.mjs exits non-zero on any problem; here: one tarball per package directory.
    const names = readdirSync(join(root, 'packages'))
      .filter((d) => existsSync(join(root, 'packages', d, 'package.json')))
      .map((d) => (JSON.parse(readFileSync(join(root, 'packages', d, 'package.json'), 'utf8')) as { name: string }).name);
    expect(names.length).toBeGreaterThanOrEqual(11);
    expect(Object.keys(packs).sort()).toEqual(names.sort());
  });

  it('installed together (with overrides, as the README says) they work in Node without asking the registry for @tandem/*', () => {
    const dir = consumer('all-together', packs, true);
    const install = run([...pnpmArgv(), 'install', '--prefer-offline', ...DEAD_SCOPE_REGISTRY], dir);
    expect(install.status, install.stdout + install.stderr).toBe(0);
    copyFileSync(join(import.meta.dirname, 'support/packed-consumer-check.mjs'), join(dir, 'check.mjs'));
    const check = run([process.execPath, 'check.mjs'], dir);
    expect(check.status, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as Record<string, unknown>;
    expect(report.redacted).toBe('my email is ⟦1⟧ and i live in ⟦2⟧');
    expect(report.functionStatus).toBe(200);
    expect(report.functionBody).toMatchObject({ translation: '[fixed] good morning', provider: 'fixed' });
    // The speech tarball carries its WebAssembly runtime, byte-identical to its manifest.
    expect(report.speechRuntime).toEqual([
      expect.objectContaining({ name: 'pocketsphinx.js', matches: true }),
      expect.objectContaining({ name: 'pocketsphinx.wasm', matches: true }),
    ]);
    for (const name of ['functions-client', 'model-store', 'punctuate', 'runtime-onnx', 'runtime-tfjs', 'speech', 'worker']) {
      expect(report[name], name).toBeGreaterThan(0);
    }
  }, 300_000);

  it('one tarball alone, without overrides, would look its siblings up on the public registry (why the README says to install the set)', () => {
    const dir = consumer('speech-alone', { '@tandem/speech': packs['@tandem/speech']! }, false);
    const install = run([...pnpmArgv(), 'install', '--prefer-offline', ...DEAD_SCOPE_REGISTRY], dir);
    expect(install.status).not.toBe(0);
    expect(install.stdout + install.stderr).toMatch(/127\.0\.0\.1:9\/@tandem(%2F|\/)core/);
  }, 300_000);
});
