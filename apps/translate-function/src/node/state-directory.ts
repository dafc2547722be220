import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * JSON records in a directory that several Node processes on one machine share and that outlives
 * them: each record is a file named by the SHA-256 of its key, replaced whole (write a temp file,
 * then rename, so a reader sees the old or the new record, never half of one), and changed only
 * under a per-record lock file created with O_EXCL (`open(…, 'wx')`), which exactly one process
 * can create. No native module, no daemon. A lock older than `staleLockMs` was left by a process
 * that died inside its (millisecond) critical section and is broken. (Breaking is stat-then-unlink:
 * if two processes break the same dead lock at once, one may remove the lock the other just took.
 * That needs a crash inside a critical section first; then, once, two processes may be inside the
 * same record's section together: a token not taken, or one key claimed twice.)
 */
export interface StateDirectory {
  readonly path: string;
  /**
   * Runs `change` on the record under `key` while holding its lock; `change` returns the record
   * to store (`null` deletes it, `undefined` keeps it) and the value to return.
   */
  update<R, T>(key: string, change: (record: R | undefined) => { record?: R | null; result: T }): Promise<T>;
  /** Deletes records whose `expiresAt` is past and temp files left by a crash; `update` starts one at most every `sweepEveryMs`. */
  sweep(): Promise<number>;
}

export interface StateDirectoryOptions {
  /** A lock held this long is abandoned (default 5 s; critical sections take milliseconds). */
  staleLockMs?: number;
  sweepEveryMs?: number;
  now?: () => number;
}

interface Expiring {
  expiresAt?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function isErrno(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === code;
}

export async function openStateDirectory(path: string, options: StateDirectoryOptions = {}): Promise<StateDirectory> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  const staleLockMs = options.staleLockMs ?? 5_000;
  const sweepEveryMs = options.sweepEveryMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  let lastSweep = 0;

  const fileOf = (key: string) => join(path, `${createHash('sha256').update(key).digest('hex')}.json`);

  async function lock(file: string): Promise<string> {
    const lockFile = `${file}.lock`;
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(lockFile, 'wx', 0o600);
        await handle.close();
        return lockFile;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
      }
      const held = await stat(lockFile).catch(() => undefined);
      if (held && now() - held.mtimeMs > staleLockMs) await unlink(lockFile).catch(() => {});
      else await sleep(Math.min(1 + attempt, 10));
    }
  }

  async function read<R>(file: string): Promise<R | undefined> {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as R;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return undefined;
      throw error;
    }
  }

  async function replace(file: string, record: unknown): Promise<void> {
    const temp = `${file}.${randomUUID()}.tmp`;
    await writeFile(temp, JSON.stringify(record), { mode: 0o600 });
    await rename(temp, file);
  }

  async function update<R, T>(key: string, change: (record: R | undefined) => { record?: R | null; result: T }): Promise<T> {
    if (now() - lastSweep > sweepEveryMs) void sweep().catch(() => {});
    const file = fileOf(key);
    const lockFile = await lock(file);
    try {
      const { record, result } = change(await read<R>(file));
      if (record === null) await unlink(file).catch((error: unknown) => (isErrno(error, 'ENOENT') ? undefined : Promise.reject(error)));
      else if (record !== undefined) await replace(file, record);
      return result;
    } finally {
      await unlink(lockFile).catch(() => {});
    }
  }

  async function sweep(): Promise<number> {
    lastSweep = now();
    let removed = 0;
    for (const name of await readdir(path)) {
      const file = join(path, name);
      if (name.endsWith('.tmp')) {
        // A temp file a process wrote but never renamed: it died in between.
        const written = await stat(file).catch(() => undefined);
        if (written && now() - written.mtimeMs > staleLockMs) await unlink(file).catch(() => {});
        continue;
      }
      if (!name.endsWith('.json')) continue;
      const expired = await read<Expiring>(file).then((r) => (r?.expiresAt ?? Infinity) <= now(), () => false);
      if (!expired) continue;
      const lockFile = await lock(file);
      try {
        const record = await read<Expiring>(file);
        if ((record?.expiresAt ?? Infinity) <= now()) {
          await unlink(file).catch(() => {});
          removed++;
        }
      } finally {
        await unlink(lockFile).catch(() => {});
      }
    }
    return removed;
  }

  return { path, update, sweep };
}
