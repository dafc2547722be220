import { withProviderDeadline } from '../deadline.js';
import { toIso1, type LanguagePair } from '../languages.js';
import { ProviderError, providerFetchError, type ProviderRequest, type ProviderResult, type TranslateProvider } from './provider.js';

export interface OpenAiCompatibleOptions {
  /** e.g. `https://api.openai.com/v1`, or a vLLM/llama.cpp/Ollama server's `/v1`. */
  baseUrl: string;
  /** Sent as a bearer token; may be empty for self-hosted servers without auth. */
  apiKey?: string;
  model: string;
  timeoutMs?: number;
  /** The pairs to advertise; an LLM has no fixed list, so it is configuration. */
  pairs?: LanguagePair[];
  fetch?: typeof fetch;
}

interface ChatCompletion {
  choices?: { message?: { content?: unknown } }[];
}

const NAMES: Readonly<Record<string, string>> = Object.freeze({
  en: 'English', es: 'Spanish', ca: 'Catalan', fr: 'French', de: 'German', it: 'Italian', pt: 'Portuguese',
});

/**
 * Translation by any Chat Completions endpoint. The prompt pins the output to the translation
 * alone and tells the model to keep the redactor's placeholders verbatim.
 */
export function createOpenAiCompatibleProvider(options: OpenAiCompatibleOptions): TranslateProvider {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const pairs = options.pairs ?? [
    { source: 'eng', target: 'spa' }, { source: 'spa', target: 'eng' },
    { source: 'eng', target: 'fra' }, { source: 'eng', target: 'deu' },
  ];
  const name = (code: string) => NAMES[toIso1(code)] ?? code;
  return {
    id: 'openai-compatible',
    async translate(request: ProviderRequest, signal: AbortSignal): Promise<ProviderResult> {
      const keep = request.placeholders.length > 0
        ? ` Keep these tokens exactly as they are: ${request.placeholders.join(' ')}.`
        : '';
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
      const payload = JSON.stringify({
        model: options.model,
        temperature: 0,
        messages: [
          {
            role: 'system',
            content: `Translate the user's text from ${name(request.source)} to ${name(request.target)}. Reply with the translation only.${keep}`,
          },
          { role: 'user', content: request.text },
        ],
      });
      let res: { status: number; ok: boolean; body: unknown };
      try {
        // One deadline for the request and its body (withProviderDeadline says why not AbortSignal.any).
        res = await withProviderDeadline('openai-compatible', async (deadline) => {
          const r = await doFetch(`${base}/chat/completions`, { method: 'POST', headers, signal: deadline, body: payload });
          return { status: r.status, ok: r.ok, body: (await r.json().catch(() => undefined)) as unknown };
        }, { signal, timeoutMs });
      } catch (error) {
        throw providerFetchError('openai-compatible', error);
      }
      if (res.status === 429 || res.status >= 500) throw new ProviderError('unavailable', `chat completions answered ${res.status}`);
      if (!res.ok) throw new ProviderError('failed', `chat completions answered ${res.status}`);
      const body = (res.body ?? {}) as ChatCompletion;
      const content = body.choices?.[0]?.message?.content;
      if (typeof content !== 'string') throw new ProviderError('failed', 'chat completions returned no message content');
      return { translation: content.trim(), model: options.model };
    },
    languages: () => Promise.resolve(pairs),
    healthy: () => Promise.resolve(true),
  };
}
