import { punctuateRoute, ROUTES, sealBody, translateRoute, type PunctuateRequest, type RouteContract, type TranslateRequest } from '@tandem/wire';
import { describe, expect, test } from 'vitest';
import { silentLogger } from '../log.js';
import { createFixedProvider } from '../providers/fixed.js';
import { createTranslateApp } from '../translate-app.js';

/**
 * Every built-in route's request, typed as the browser client types it (@tandem/wire, which the
 * client imports too), through the function's own gates and validator, and its answer back
 * through the route's output schema, as the client checks it.
 */
const app = createTranslateApp({ provider: createFixedProvider(), auth: false, allowedOrigins: [], logger: silentLogger });

async function roundTrip<I extends object, O>(contract: RouteContract<I, O>, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await app.request(contract.route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

const redaction = { version: 1, placeholders: ['⟦1⟧'] };
const requests: [RouteContract<object, unknown>, TranslateRequest | PunctuateRequest][] = [
  [translateRoute, { text: 'hello ⟦1⟧', source: 'eng', target: 'spa', redaction, label: 'sanitized' } satisfies TranslateRequest],
  [punctuateRoute, sealBody({ text: 'hello ⟦1⟧ how are you', redaction }) satisfies PunctuateRequest],
];

describe('the wire contract, both sides', () => {
  test('every route is in ROUTES and has a request here', () => {
    expect(requests.map(([c]) => c.route).sort()).toEqual([ROUTES.punctuate, ROUTES.translate].sort());
  });

  test.each(requests)('%s: the client-typed request passes the function, its answer passes the output schema', async (contract, request) => {
    const { status, json } = await roundTrip(contract, request);
    expect(status).toBe(200);
    const checked = await contract.output['~standard'].validate(json);
    expect(checked.issues).toBeUndefined();
  });

  test.each(requests)('%s: redaction.version is a number on both sides; a string is refused', async (contract, request) => {
    const { status, json } = await roundTrip(contract, { ...request, redaction: { ...redaction, version: '1' } });
    expect(status).toBe(400);
    expect(json).toMatchObject({ type: 'https://tandem.dev/problems/validation', issues: ['redaction.version: expected a non-negative integer'] });
  });
});
