#!/usr/bin/env node
// Packs every workspace package as it would be published (each `prepack` builds dist/, and
// @tandem/speech's also its WebAssembly runtime) and checks each tarball: publint --strict on the
// tarball itself, every export target present, no tests shipped, the speech runtime's files
// matching their manifest. Writes <out>/packs.json: { name: tarball path }.
//
//   node scripts/pack-packages.mjs [out-dir]    (default: packs/)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = resolve(process.argv[2] ?? join(root, 'packs'));

/** pnpm as the caller ran it (a global pnpm, or the one npx brought: npm_execpath). */
function pnpmArgv() {
  const viaExec = process.env.npm_execpath;
  return viaExec && /pnpm/.test(viaExec) ? [process.execPath, viaExec] : ['pnpm'];
}

function run(argv, cwd) {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** Files of a .tgz as a Map of path (without the leading `package/`) → bytes. */
function tarballFiles(tgz) {
  const dir = join(out, '.unpacked', tgz.replace(/\.tgz$/, ''));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run(['tar', 'xzf', join(out, tgz), '-C', dir]);
  const files = new Map();
  const walk = (d, prefix) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else files.set(`${prefix}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(join(dir, 'package'), '');
  return files;
}

/** Every file an `exports` map points at (conditions flattened; `*` patterns checked by prefix). */
function exportTargets(exports) {
  const targets = [];
  const visit = (v) => {
    if (typeof v === 'string') targets.push(v.replace(/^\.\//, ''));
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(exports);
  return targets;
}

function check(tgz, files) {
  const problems = [];
  const pkg = JSON.parse(files.get('package.json').toString('utf8'));
  for (const target of exportTargets(pkg.exports)) {
    const ok = target.includes('*') ? [...files.keys()].some((f) => f.startsWith(target.split('*')[0])) : files.has(target);
    if (!ok) problems.push(`export target ${target} is missing`);
  }
  for (const f of files.keys()) {
    if (/__tests__|\.test(-d)?\.ts$|\.tsbuildinfo$/.test(f)) problems.push(`ships ${f}`);
  }
  if (JSON.stringify(pkg.dependencies ?? {}).includes('workspace:')) problems.push('a workspace: range survived packing');
  if (pkg.name === '@tandem/speech') {
    const manifest = JSON.parse(files.get('runtime/manifest.json')?.toString('utf8') ?? '{"files":[]}');
    if (manifest.files.length === 0) problems.push('runtime/manifest.json is missing or empty');
    for (const f of manifest.files) {
      const bytes = files.get(`runtime/${f.url}`);
      const sri = bytes && `sha256-${createHash('sha256').update(bytes).digest('base64')}`;
      if (sri !== f.sha256) problems.push(`runtime/${f.url} does not match its manifest`);
    }
  }
  const lint = spawnSync(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), 'run', join(out, tgz), '--strict'], {
    encoding: 'utf8',
  });
  if (lint.status !== 0) problems.push(`publint --strict: ${lint.stdout}${lint.stderr}`);
  return { name: pkg.name, version: pkg.version, problems };
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const pnpm = pnpmArgv();
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  run([...pnpm, 'pack', '--pack-destination', out], join(root, 'packages', dir));
}
const packs = {};
const failures = [];
for (const tgz of readdirSync(out).filter((f) => f.endsWith('.tgz')).sort()) {
  const { name, version, problems } = check(tgz, tarballFiles(tgz));
  packs[name] = join(out, tgz);
  console.log(`[pack] ${name}@${version} ${tgz}${problems.length ? ` — ${problems.length} problem(s)` : ' ok'}`);
  for (const p of problems) failures.push(`${name}: ${p}`);
}
rmSync(join(out, '.unpacked'), { recursive: true, force: true });
// Released together: one version for the set, so a consumer's overrides pin a coherent whole.
const versions = new Set(Object.keys(packs).map((name) => JSON.parse(readFileSync(join(root, 'packages', name.replace('@tandem/', ''), 'package.json'), 'utf8')).version));
if (versions.size !== 1) failures.push(`packages carry different versions (${[...versions].join(', ')}): bump them together`);
writeFileSync(join(out, 'packs.json'), `${JSON.stringify(packs, null, 2)}\n`);
if (failures.length) {
  console.error(failures.join('\n'));
  process.exit(1);
}
