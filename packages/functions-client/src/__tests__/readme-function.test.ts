// The function of the functions README ("A function of your own"), run in Node on the app's own
// fetch: if this fails, that README says something the code does not do. Lines between the
// markers are the example; its route is the one this package's readme-example.test-d.ts compiles
// with the page's side.
import { expect, it } from 'vitest';
import { createFunctionsApp, defineFunction, mintToken } from '@tandem/functions';
import { defineRoute } from '@tandem/wire';
import { z } from 'zod';

const secret = 'readme-example-secret-of-32-bytes!';
/** The developer's own model, here a word list. */
const classify = async (text: string, signal: AbortSignal) => (signal.throwIfAborted(), /\blove\b/.test(text) ? 'happy' : 'neutral') as 'happy' | 'neutral';

it('README function: /v1/mood answers behind the same gates as every route', async () => {
  // --- example ---
  const moodRoute = defineRoute({ route: '/v1/mood', input: z.object({ text: z.string().max(4000) }), output: z.object({ mood: z.enum(['happy', 'sad', 'neutral']) }) });
  const app = createFunctionsApp({ auth: { secret, audience: 'my-app' }, allowedOrigins: ['https://my.app'], functions: [
    defineFunction({ ...moodRoute, handler: async ({ input, signal }) => ({ mood: await classify(input.text, signal) }) }),
  ] });
  // --- end ---

  const token = await mintToken({ secret, subject: 'readme', audience: 'my-app' });
  const post = async (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }, origin = 'https://my.app') => {
    const res = await app.fetch(new Request('https://fn.my.app/v1/mood', { method: 'POST', headers: { 'content-type': 'application/json', origin, ...headers }, body: JSON.stringify(body) }));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  expect(await post({ text: 'i love this', label: 'sanitized' })).toEqual({ status: 200, body: { mood: 'happy' } });
  expect((await post({ text: 'i love this', label: 'sanitized' }, {})).status).toBe(401);
  expect((await post({ text: 'i love this', label: 'sanitized' }, undefined, 'https://other.example')).status).toBe(403);
  expect((await post({ text: 'i love this', label: 'personal' })).body).toMatchObject({ status: 400, type: expect.stringContaining('label-refused') });
  expect((await post({ text: 'x'.repeat(4001), label: 'sanitized' })).body).toMatchObject({ status: 400, type: expect.stringContaining('validation') });
});
