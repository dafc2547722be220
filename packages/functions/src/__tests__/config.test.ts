import { describe, expect, test } from 'vitest';
import { ConfigError, appOptionsFromEnv, authFromEnv, providerFromEnv } from '../config.js';

const SECRET = 'x'.repeat(32);

describe('configuration from env', () => {
  test('auth is denied by default: no secret and no explicit TANDEM_AUTH=none is an error', () => {
    expect(() => authFromEnv({})).toThrow(ConfigError);
    expect(authFromEnv({ TANDEM_AUTH: 'none' })).toBe(false);
    expect(authFromEnv({ TANDEM_JWT_SECRET: SECRET })).toMatchObject({ audience: 'tandem-translate' });
  });

  test('CORS allowlist takes exact origins only, never *', () => {
    expect(() => appOptionsFromEnv({ TANDEM_AUTH: 'none', TANDEM_ALLOWED_ORIGINS: '*' })).toThrow(/exact origins/);
    expect(() => appOptionsFromEnv({ TANDEM_AUTH: 'none', TANDEM_ALLOWED_ORIGINS: 'https://a.example/path' })).toThrow(ConfigError);
    expect(appOptionsFromEnv({ TANDEM_AUTH: 'none' }).allowedOrigins).toEqual([]);
    expect(appOptionsFromEnv({ TANDEM_AUTH: 'none', TANDEM_ALLOWED_ORIGINS: 'https://a.example, http://127.0.0.1:4173' }).allowedOrigins).toEqual([
      'https://a.example',
      'http://127.0.0.1:4173',
    ]);
  });

  test('providers are chosen by TANDEM_PROVIDER, with the error listing valid ones', () => {
    expect(providerFromEnv({}).id).toBe('apertium');
    expect(providerFromEnv({ TANDEM_PROVIDER: 'fixed' }).id).toBe('fixed');
    expect(providerFromEnv({ TANDEM_PROVIDER: 'openai-compatible', OPENAI_BASE_URL: 'http://127.0.0.1:1/v1', OPENAI_MODEL: 'm' }).id).toBe('openai-compatible');
    expect(providerFromEnv({ TANDEM_PROVIDER: 'workers-ai', AI: { run: () => Promise.resolve({}) } }).id).toBe('workers-ai');
    expect(() => providerFromEnv({ TANDEM_PROVIDER: 'workers-ai' })).toThrow(/AI binding/);
    expect(() => providerFromEnv({ TANDEM_PROVIDER: 'deepl' })).toThrow(/apertium, openai-compatible, workers-ai, fixed/);
  });
});
