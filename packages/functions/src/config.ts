import type { TranslateAppOptions } from './translate-app.js';
import type { AuthOptions } from './auth.js';
import { createApertiumApyProvider } from './providers/apertium-apy.js';
import { createFixedProvider } from './providers/fixed.js';
import { createOpenAiCompatibleProvider } from './providers/openai-compatible.js';
import type { TranslateProvider } from './providers/provider.js';
import { createWorkersAiProvider, type AiBinding } from './providers/workers-ai.js';

/**
 * Configuration from environment variables (Node's `process.env`) or Worker bindings (`env`),
 * which have the same shape: strings, plus the `AI` binding object on Workers.
 *
 * | variable | meaning |
 * | --- | --- |
 * | `TANDEM_PROVIDER` | `apertium` (default), `openai-compatible`, `workers-ai`, `fixed` |
 * | `APERTIUM_APY_URL` | apertium-apy base URL (default `http://127.0.0.1:2737`) |
 * | `OPENAI_BASE_URL`, `OPENAI_API_KEY`, `OPENAI_MODEL` | Chat Completions endpoint |
 * | `WORKERS_AI_MODEL` | Workers AI model (default `@cf/meta/m2m100-1.2b`); needs the `AI` binding |
 * | `TANDEM_FIXED_RESPONSE`, `TANDEM_FIXED_DELAY_MS` | the `fixed` provider's answer and delay |
 * | `TANDEM_JWT_SECRET` | HS256 secret (≥ 32 bytes): bearer tokens are then required |
 * | `TANDEM_JWT_AUDIENCE`, `TANDEM_JWT_ISSUER`, `TANDEM_JWT_SCOPE` | claims tokens must carry |
 * | `TANDEM_AUTH=none` | explicitly run without tokens (refused unless set: deny by default) |
 * | `TANDEM_ALLOWED_ORIGINS` | comma-separated exact origins for CORS (default: none) |
 * | `TANDEM_RATE_LIMIT_PER_MINUTE`, `TANDEM_RATE_LIMIT_BURST` | every bucket: per token subject, per client without auth, per client for failed sign-ins (120/min, burst 30) |
 * | `TANDEM_STATE_DIR` | Node and Lambda entries: directory for rate-limit buckets and idempotency records, shared by the processes using it and kept across restarts (default: process memory) |
 * | `TANDEM_STATE` (binding) | Workers entry only: the `FunctionState` Durable Object namespace for the same records (wrangler.toml; default: isolate memory) |
 * | `TANDEM_PROVIDER_TIMEOUT_MS`, `TANDEM_BODY_LIMIT_BYTES` | deadline per provider call, body limit |
 */
export type FunctionEnv = Readonly<Record<string, unknown>>;

export const PROVIDERS = Object.freeze(['apertium', 'openai-compatible', 'workers-ai', 'fixed'] as const);
export type ProviderName = (typeof PROVIDERS)[number];

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function str(env: FunctionEnv, name: string): string | undefined {
  const v = env[name];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function int(env: FunctionEnv, name: string, fallback: number): number {
  const v = str(env, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${v}".`);
  return n;
}

export function providerFromEnv(env: FunctionEnv): TranslateProvider {
  const name = str(env, 'TANDEM_PROVIDER') ?? 'apertium';
  switch (name) {
    case 'apertium':
      return createApertiumApyProvider({ url: str(env, 'APERTIUM_APY_URL') ?? 'http://127.0.0.1:2737' });
    case 'openai-compatible': {
      const baseUrl = str(env, 'OPENAI_BASE_URL');
      const model = str(env, 'OPENAI_MODEL');
      if (!baseUrl || !model) throw new ConfigError('openai-compatible needs OPENAI_BASE_URL and OPENAI_MODEL (and usually OPENAI_API_KEY).');
      const apiKey = str(env, 'OPENAI_API_KEY');
      return createOpenAiCompatibleProvider({ baseUrl, model, ...(apiKey ? { apiKey } : {}) });
    }
    case 'workers-ai': {
      const ai = env.AI as AiBinding | undefined;
      if (!ai || typeof ai.run !== 'function') throw new ConfigError('workers-ai needs the AI binding ([ai] binding = "AI" in wrangler.toml).');
      const model = str(env, 'WORKERS_AI_MODEL');
      return createWorkersAiProvider({ ai, ...(model ? { model } : {}) });
    }
    case 'fixed': {
      const response = str(env, 'TANDEM_FIXED_RESPONSE');
      return createFixedProvider({ delayMs: int(env, 'TANDEM_FIXED_DELAY_MS', 0), ...(response ? { response } : {}) });
    }
    default:
      throw new ConfigError(`TANDEM_PROVIDER must be one of ${PROVIDERS.join(', ')}; got "${name}".`);
  }
}

export function authFromEnv(env: FunctionEnv): AuthOptions | false {
  const secret = str(env, 'TANDEM_JWT_SECRET');
  if (!secret) {
    if (str(env, 'TANDEM_AUTH') === 'none') return false;
    throw new ConfigError('Set TANDEM_JWT_SECRET (bearer tokens required), or TANDEM_AUTH=none to run without auth on a private network.');
  }
  const issuer = str(env, 'TANDEM_JWT_ISSUER');
  const scope = str(env, 'TANDEM_JWT_SCOPE');
  return {
    secret,
    audience: str(env, 'TANDEM_JWT_AUDIENCE') ?? 'tandem-translate',
    ...(issuer ? { issuer } : {}),
    ...(scope ? { scope } : {}),
  };
}

/** Every option of `createTranslateApp` from env; `provider` may be supplied by the host instead. */
export function appOptionsFromEnv(env: FunctionEnv, provider?: TranslateProvider): TranslateAppOptions {
  const origins = (str(env, 'TANDEM_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of origins) {
    if (o === '*' || !/^https?:\/\/[^/]+$/.test(o)) throw new ConfigError(`TANDEM_ALLOWED_ORIGINS takes exact origins like https://app.example; got "${o}".`);
  }
  return {
    provider: provider ?? providerFromEnv(env),
    auth: authFromEnv(env),
    allowedOrigins: origins,
    rateLimit: { perMinute: int(env, 'TANDEM_RATE_LIMIT_PER_MINUTE', 120), burst: int(env, 'TANDEM_RATE_LIMIT_BURST', 30) },
    providerTimeoutMs: int(env, 'TANDEM_PROVIDER_TIMEOUT_MS', 15_000),
    bodyLimitBytes: int(env, 'TANDEM_BODY_LIMIT_BYTES', 16 * 1024),
  };
}
