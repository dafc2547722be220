import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const lib = join(root, 'scripts/lib/first-line.sh');

/**
 * A stand-in for Debian's emcc as it behaves with PYTHONUNBUFFERED=1: a Python program that
 * writes its banner in several writes with a pause between them, so a reader that stops after the
 * first line (head -n1) has gone before the second write.
 */
function slowBannerCommand(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-first-line-'));
  const file = join(dir, 'emcc');
  writeFileSync(
    file,
    [
      '#!/usr/bin/env python3',
      'import sys, time',
      "sys.stdout.write('emcc (Emscripten gcc/clang-like replacement) 3.1.6 ()\\n'); sys.stdout.flush()",
      'time.sleep(0.3)',
      "sys.stdout.write('Copyright (C) 2014 the Emscripten authors\\n'); sys.stdout.flush()",
      'time.sleep(0.1)',
      "sys.stdout.write('This is free and open source software\\n'); sys.stdout.flush()",
      '',
    ].join('\n'),
  );
  chmodSync(file, 0o755);
  return file;
}

function bash(script: string) {
  return spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PYTHONUNBUFFERED: '1' } });
}

describe('first_line (the bootstrap scripts read a command’s first line without a pipe race)', () => {
  it('a pipe into head fails under pipefail when the writer writes again after the first line', () => {
    // The failure this guards against, shown on the same stand-in: if this ever passes, the
    // stand-in no longer reproduces the race and the next test proves nothing.
    const emcc = slowBannerCommand();
    const r = bash(`set -euo pipefail; v="$(${emcc} --version | head -n1)"; echo "$v"`);
    expect(r.status).not.toBe(0);
  });

  it('returns the first line and succeeds with the same writer', () => {
    const emcc = slowBannerCommand();
    const r = bash(`set -euo pipefail; source ${lib}; v="$(first_line ${emcc} --version)"; echo "[$v]"`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('[emcc (Emscripten gcc/clang-like replacement) 3.1.6 ()]\n');
  });

  it('passes on the command’s failure instead of hiding it', () => {
    const r = bash(`set -euo pipefail; source ${lib}; v="$(first_line false)"; echo reached`);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toContain('reached');
  });

  it('no bootstrap shell script pipes into head or grep -q under pipefail', () => {
    const files = execFileSync('git', ['ls-files', '*.sh', '.ci/run'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files).toContain('scripts/build-pocketsphinx-wasm.sh');
    const offending = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => !line.trimStart().startsWith('#') && /\|\s*(head\b|grep\s+-\w*q)/.test(line))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
