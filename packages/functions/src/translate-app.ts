import { punctuateTranscript } from '@tandem/punctuate';
import { ROUTES, punctuateRoute, translateRoute, type PunctuateInput, type PunctuateResponse, type TranslateInput, type TranslateResponse } from '@tandem/wire';
import type { Hono } from 'hono';
import { withProviderDeadline } from './deadline.js';
import { defineFunction, type FunctionDefinition } from './define-function.js';
import { createFunctionsApp, type AppVars, type FunctionsAppOptions } from './functions-app.js';
import { toIso3 } from './languages.js';
import { providerProblem } from './provider-problem.js';
import type { TranslateProvider } from './providers/provider.js';

export interface TranslateAppOptions extends Omit<FunctionsAppOptions, 'functions' | 'health'> {
  provider: TranslateProvider;
  /** Routes of the developer's own, served beside translate and punctuate behind the same gates. */
  functions?: readonly FunctionDefinition[];
}

/** `POST /v1/translate` through a provider, under the app's provider deadline. */
export function translateFunction(provider: TranslateProvider): FunctionDefinition<TranslateInput, TranslateResponse> {
  return defineFunction({
    ...translateRoute,
    async handler({ input, signal, log }) {
      log.chars = input.text.length;
      log.provider = provider.id;
      log.providerCalled = true;
      const started = performance.now();
      try {
        const request = { text: input.text, source: toIso3(input.source), target: toIso3(input.target), placeholders: input.redaction.placeholders };
        const result = await provider.translate(request, signal);
        const ms = Math.round((performance.now() - started) * 10) / 10;
        log.providerMs = ms;
        log.model = result.model;
        return { translation: result.translation, provider: provider.id, model: result.model, ms };
      } catch (error) {
        throw providerProblem(error);
      }
    },
  });
}

/**
 * `POST /v1/punctuate`: @tandem/punctuate's rules, the same code the device runs. No idempotency:
 * deterministic and without side effects, so storing its answers would only cost memory.
 */
export const punctuateFunction: FunctionDefinition<PunctuateInput, PunctuateResponse> = defineFunction({
  ...punctuateRoute,
  idempotent: false,
  handler({ input, log }) {
    log.chars = input.text.length;
    const started = performance.now();
    const { text, rules } = punctuateTranscript(input.text);
    // The rules never touch placeholders; if one went missing the device could not restore it.
    const lost = input.redaction.placeholders.filter((p) => input.text.includes(p) && !text.includes(p));
    if (lost.length > 0) throw new Error('punctuation dropped a placeholder');
    return { text, rules, ms: Math.round((performance.now() - started) * 1000) / 1000 };
  },
});

/**
 * The translate function: `/v1/translate` and `/v1/punctuate` (two `defineFunction` routes),
 * `GET /v1/languages` and a `/healthz` that asks the provider, plus any routes of the
 * developer's own (`functions`), all behind the same gates.
 */
export function createTranslateApp(options: TranslateAppOptions): Hono<AppVars> {
  const { provider, functions = [], ...rest } = options;
  const app = createFunctionsApp({
    ...rest,
    functions: [translateFunction(provider), punctuateFunction, ...functions],
    health: { name: 'provider', check: (signal) => provider.healthy(signal), info: { provider: provider.id } },
  });
  app.get(ROUTES.languages, async (c) => {
    c.get('log').provider = provider.id;
    try {
      const pairs = await withProviderDeadline(provider.id, (signal) => provider.languages(signal), { timeoutMs: 5_000 });
      return c.json({ provider: provider.id, pairs }, 200, { 'cache-control': 'public, max-age=300' });
    } catch (error) {
      throw providerProblem(error);
    }
  });
  return app;
}
