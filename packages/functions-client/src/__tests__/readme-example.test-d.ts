// The README's custom remote stage and its function, kept compiling: if this file breaks, update
// both READMEs (functions and functions-client) too. Lines between the markers are the example.
import { expectTypeOf, it } from 'vitest';
import { createTandem, defineSanitizer, personal, pipeline, type DeviceCapabilities, type Labelled } from '@tandem/core';
import { createFunctionsApp, defineFunction } from '@tandem/functions';
import { defineRoute } from '@tandem/wire';
import { z } from 'zod';
import { createFunctionsClient, createFunctionsTransport, remoteStage } from '../index.js';

type Mood = 'happy' | 'sad' | 'neutral';
declare function classify(text: string, signal: AbortSignal): Promise<Mood>;
declare const secret: string, capabilities: DeviceCapabilities, token: () => string;
const redact = defineSanitizer({ name: 'redact', sanitize: (text: string) => ({ text: text.replace(/\S+@\S+/g, '⟦1⟧') }) });

it('README example compiles', async () => {
  // --- example ---
  // mood-route.ts: the contract both sides import (any Standard Schema: zod, valibot, @tandem/wire's)
  const moodRoute = defineRoute({ route: '/v1/mood', input: z.object({ text: z.string().max(4000) }), output: z.object({ mood: z.enum(['happy', 'sad', 'neutral']) }) });

  // function (Workers, Node, Lambda): behind every gate the translate function has
  const app = createFunctionsApp({ auth: { secret, audience: 'my-app' }, allowedOrigins: ['https://my.app'], functions: [
    defineFunction({ ...moodRoute, handler: async ({ input, signal }) => ({ mood: await classify(input.text, signal) }) }),
  ] });

  // page: a stage of the pipeline, reachable only through core's privacy boundary
  const client = createFunctionsClient({ endpoint: 'https://fn.my.app', token });
  const mood = remoteStage({ client, name: 'mood', region: 'eu', ...moodRoute, fromOutput: (o) => o.mood });
  const tandem = createTandem({ policy: { version: '1', mode: 'remote-only' }, capabilities, transport: createFunctionsTransport(client) });
  const { output, trace } = await tandem.run(pipeline('mood', 'sanitized').then(mood), redact(personal('write to ana@example.com')));
  // --- end ---

  expectTypeOf(app.fetch).toBeFunction();
  expectTypeOf(output).toEqualTypeOf<Labelled<Mood, 'sanitized'>>();
  expectTypeOf(trace.stages[0]!.attempts).toEqualTypeOf<number | undefined>();
});
