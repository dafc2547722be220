import { sharedStateSettings, type FunctionEnv, type TranslateAppOptions } from '@tandem/functions';
import { openStateDirectory } from './state-directory.js';
import { createDirectoryIdempotencyStore, createDirectoryRateLimiter } from './state-directory-stores.js';

/**
 * With `TANDEM_STATE_DIR` set, rate-limit buckets and idempotency records live in that directory
 * (created 0700 when missing), so they survive a restart and every Node process pointed at it
 * shares them; without it they stay in this process's memory. `options` are what
 * `appOptionsFromEnv` read: the limits and the provider deadline the claims must outlast.
 */
export async function stateOptionsFromEnv(env: FunctionEnv, options: TranslateAppOptions): Promise<Pick<TranslateAppOptions, 'rateLimit' | 'idempotency'>> {
  const path = env.TANDEM_STATE_DIR;
  if (typeof path !== 'string' || path.trim() === '') return {};
  const dir = await openStateDirectory(path.trim());
  const { limits, claimTtlMs } = sharedStateSettings(options);
  return { rateLimit: createDirectoryRateLimiter(dir, limits), idempotency: createDirectoryIdempotencyStore(dir, { claimTtlMs }) };
}
