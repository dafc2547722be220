import { withProviderDeadline } from '../deadline.js';
import type { LanguagePair } from '../languages.js';
import { ProviderError, providerFetchError, unsupportedPairError, type ProviderRequest, type ProviderResult, type TranslateProvider } from './provider.js';

export interface ApertiumApyOptions {
  /** Base URL of an `apertium-apy` server, e.g. `http://127.0.0.1:2737`. */
  url: string;
  /** Per-call timeout; apy's first call of a pair starts its pipeline (~0.4 s). */
  timeoutMs?: number;
  /** Injected for tests or service bindings; defaults to the global fetch. */
  fetch?: typeof fetch;
  /**
   * A supervisor's view of the sidecar it runs (the Node entry's): while this says false the
   * process is known dead, so calls fail at once with `unavailable` (503) instead of waiting out
   * a deadline, and `healthy()` is false without a request.
   */
  running?: () => boolean;
}

interface ApyTranslateBody {
  responseData?: { translatedText?: unknown };
  responseStatus?: number;
  responseDetails?: unknown;
  /** apy's reason on errors, e.g. "That pair is not installed" (400). */
  explanation?: unknown;
}

interface ApyPairsBody {
  responseData?: { sourceLanguage?: unknown; targetLanguage?: unknown }[];
}

/**
 * Apertium through its HTTP server, `apertium-apy`, which keeps each pair's pipeline warm
 * (30–40 ms a sentence once warm, against ~0.6 s for a CLI spawn that reloads the transducers).
 * Works the same from workerd and Node: it is just fetch to a loopback URL.
 */
export function createApertiumApyProvider(options: ApertiumApyOptions): TranslateProvider {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  let pairsCache: { at: number; pairs: LanguagePair[] } | undefined;

  /** One request to apy, body included, under one deadline: a sidecar that stalls mid-body still ends on time. */
  async function call(path: string, init: RequestInit, signal: AbortSignal): Promise<{ status: number; ok: boolean; body: unknown }> {
    if (options.running?.() === false) throw new ProviderError('unavailable', 'apertium-apy is not running (restarting)');
    try {
      return await withProviderDeadline('apertium-apy', async (deadline) => {
        const res = await doFetch(base + path, { ...init, signal: deadline });
        const body: unknown = await res.json().catch(() => ({}));
        return { status: res.status, ok: res.ok, body };
      }, { signal, timeoutMs });
    } catch (error) {
      throw providerFetchError('apertium-apy', error);
    }
  }

  async function languages(signal: AbortSignal, fresh = false): Promise<LanguagePair[]> {
    if (!fresh && pairsCache && Date.now() - pairsCache.at < 60_000) return pairsCache.pairs;
    const res = await call('/listPairs', { method: 'GET' }, signal);
    if (!res.ok) throw new ProviderError('failed', `apertium-apy /listPairs answered ${res.status}`);
    const body = res.body as ApyPairsBody;
    const pairs = (body.responseData ?? []).flatMap((p) =>
      typeof p.sourceLanguage === 'string' && typeof p.targetLanguage === 'string'
        ? [{ source: p.sourceLanguage, target: p.targetLanguage }]
        : [],
    );
    pairsCache = { at: Date.now(), pairs };
    return pairs;
  }

  return {
    id: 'apertium',
    languages,
    async translate(request: ProviderRequest, signal: AbortSignal): Promise<ProviderResult> {
      // Refuse a pair apy does not list before sending it the text: a client error (400) that
      // names the pairs there are, not a provider failure (502).
      const offered = await languages(signal);
      const offers = (p: { source: string; target: string }) => p.source === request.source && p.target === request.target;
      if (!offered.some(offers)) throw unsupportedPairError('apertium', request.source, request.target, offered);
      const langpair = `${request.source}|${request.target}`;
      // markUnknown=no: unknown words pass through bare instead of as `*word`, which keeps
      // placeholders and names the redactor left in place intact.
      const form = new URLSearchParams({ q: request.text, langpair, markUnknown: 'no', format: 'txt' });
      const res = await call('/translate', { method: 'POST', body: form }, signal);
      const body = res.body as ApyTranslateBody;
      // The list was cached and apy lost the pair since: it says so in `explanation`.
      const reason = [body.explanation, body.responseDetails].find((r) => typeof r === 'string');
      if (res.status === 400 && typeof reason === 'string' && /pair/i.test(reason)) {
        throw unsupportedPairError('apertium', request.source, request.target, await languages(signal, true).catch(() => offered));
      }
      if (!res.ok) throw new ProviderError(res.status === 503 ? 'unavailable' : 'failed', `apertium-apy answered ${res.status}`);
      const translation = body.responseData?.translatedText;
      if (typeof translation !== 'string') throw new ProviderError('failed', 'apertium-apy returned no translatedText');
      return { translation, model: `apertium ${request.source}-${request.target}` };
    },
    async healthy(signal: AbortSignal): Promise<boolean> {
      // Always asked afresh (never the cached list): a dead sidecar must show at once.
      try {
        return (await languages(signal, true)).length > 0;
      } catch {
        return false;
      }
    },
  };
}
