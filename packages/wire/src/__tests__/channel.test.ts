import { describe, expect, test } from 'vitest';
import { parseChannelReply, parseChannelRequest } from '../index.js';

const body = { text: 'hello ⟦1⟧', label: 'sanitized' };

describe('the session channel envelope', () => {
  test('a request: id, route, optional key, body passed through unchecked (the route schema checks it)', () => {
    expect(parseChannelRequest({ id: 3, route: '/v1/translate', idempotencyKey: 'k.1', body })).toEqual({ ok: true, request: { id: 3, route: '/v1/translate', idempotencyKey: 'k.1', body } });
    expect(parseChannelRequest({ id: 0, route: '/v1/punctuate', body: 'anything' })).toEqual({ ok: true, request: { id: 0, route: '/v1/punctuate', body: 'anything' } });
  });

  test.each([
    [null, undefined, 'a request is a JSON object'],
    [[1], undefined, 'a request is a JSON object'],
    [{ route: '/v1/translate', body }, undefined, 'id: an integer 0…2³¹−1'],
    [{ id: -1, route: '/v1/translate', body }, undefined, 'id: an integer 0…2³¹−1'],
    [{ id: 1.5, route: '/v1/translate', body }, undefined, 'id: an integer 0…2³¹−1'],
    [{ id: 2 ** 31, route: '/v1/translate', body }, undefined, 'id: an integer 0…2³¹−1'],
    [{ id: 1, route: 'v1/translate', body }, 1, 'route: a path such as "/v1/translate"'],
    [{ id: 1, route: '/V1/Translate', body }, 1, 'route: a path such as "/v1/translate"'],
    [{ id: 1, body }, 1, 'route: a path such as "/v1/translate"'],
    [{ id: 1, route: '/v1/translate', idempotencyKey: 7, body }, 1, 'idempotencyKey: a string'],
    [{ id: 1, route: '/v1/translate', body, label: 'sanitized' }, 1, 'unknown members: label'],
  ])('refused: %j', (frame, id, issue) => {
    expect(parseChannelRequest(frame)).toEqual({ ok: false, id, issue });
  });

  test('a reply: 2xx with a body (replayed only when true), or a problem; anything else is no reply', () => {
    expect(parseChannelReply({ id: 1, status: 200, body: { translation: 'hola' } })).toEqual({ id: 1, status: 200, body: { translation: 'hola' } });
    expect(parseChannelReply({ id: 1, status: 200, body: {}, replayed: true })).toEqual({ id: 1, status: 200, body: {}, replayed: true });
    expect(parseChannelReply({ id: 1, status: 200, body: {}, replayed: 'yes' })).toEqual({ id: 1, status: 200, body: {} });
    const problem = { type: 'https://tandem.dev/problems/validation', title: 'x', status: 400, issues: ['text: required'] };
    expect(parseChannelReply({ id: 2, status: 400, problem })).toEqual({ id: 2, status: 400, problem });
    expect(parseChannelReply({ id: 2, status: 400, body: {} })).toBeUndefined();
    expect(parseChannelReply({ id: 2, status: 400, problem: { title: 'no type' } })).toBeUndefined();
    expect(parseChannelReply({ status: 200, body: {} })).toBeUndefined();
    expect(parseChannelReply('{"id":1}')).toBeUndefined();
  });
});
