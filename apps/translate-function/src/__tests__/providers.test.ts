import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { createOpenAiCompatibleProvider, createWorkersAiProvider } from '@tandem/functions';

describe('openai-compatible provider', () => {
  test('speaks Chat Completions over HTTP and tells the model to keep placeholders', async () => {
    // A loopback HTTP server standing in for a vLLM/llama.cpp endpoint: it checks the request shape.
    let seen: { auth?: string; body?: { model: string; messages: { role: string; content: string }[] } } = {};
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => {
        seen = { ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), body: JSON.parse(raw) as NonNullable<typeof seen.body> };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ choices: [{ message: { content: ' hola ⟦P1⟧ \n' } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    try {
      const provider = createOpenAiCompatibleProvider({ baseUrl: `http://127.0.0.1:${port}/v1/`, apiKey: 'sk-test', model: 'tiny' });
      const out = await provider.translate({ text: 'hello ⟦P1⟧', source: 'eng', target: 'spa', placeholders: ['⟦P1⟧'] }, AbortSignal.timeout(5000));
      expect(out).toEqual({ translation: 'hola ⟦P1⟧', model: 'tiny' });
      expect(seen.auth).toBe('Bearer sk-test');
      expect(seen.body?.model).toBe('tiny');
      expect(seen.body?.messages[0]?.content).toMatch(/English to Spanish.*⟦P1⟧/s);
      expect(seen.body?.messages[1]).toEqual({ role: 'user', content: 'hello ⟦P1⟧' });
    } finally {
      server.close();
    }
  });
});

describe('workers-ai provider', () => {
  test('maps ISO 639-3 to the model\'s codes and reads translated_text', async () => {
    const calls: unknown[] = [];
    const provider = createWorkersAiProvider({ ai: { run: (model, inputs) => (calls.push([model, inputs]), Promise.resolve({ translated_text: 'hola' })) } });
    expect(await provider.translate({ text: 'hi', source: 'eng', target: 'spa', placeholders: [] }, AbortSignal.timeout(1000))).toEqual({ translation: 'hola', model: '@cf/meta/m2m100-1.2b' });
    expect(calls).toEqual([['@cf/meta/m2m100-1.2b', { text: 'hi', source_lang: 'en', target_lang: 'es' }]]);
  });
});
