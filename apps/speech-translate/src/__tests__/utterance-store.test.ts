import { baselineCapabilities, decidePlacement, parsePolicy, type PlacementDecision, type StageDescriptor } from '@tandem/core';
import { describe, expect, it } from 'vitest';
import { cardForDelivery, deliverToCard, settleLostDeliveries } from '../delivered-after-reload.ts';
import type { Utterance } from '../utterance.ts';
import { restoredUtterance, storedUtterance } from '../utterance-store.ts';

/** A real deferred decision of the router: translate, offline, deferrable remote. */
function deferredDecision(): PlacementDecision {
  const stage: StageDescriptor = { name: 'translate', kind: 'transform', outputLabel: 'sanitized', remote: { endpoint: 'http://fn.test/v1/translate', region: 'loopback', deferrable: true } };
  const situation = { capabilities: baselineCapabilities({ online: false }), inputLabel: 'sanitized' as const };
  const d = decidePlacement(stage, parsePolicy({ version: 'v-test', mode: 'prefer-local' }), situation, { now: () => 1_000 });
  expect(d).toMatchObject({ choice: 'deferred', rule: 'defer:offline' });
  return d;
}

function queuedCard(): Utterance {
  const decision = deferredDecision();
  return {
    id: 'u3',
    index: 3,
    origin: 'sample “Introduction”',
    startS: 0.2,
    endS: 2.9,
    audioBytes: 86_400,
    partial: 'hello my name is david',
    transcript: 'Hello, my name is David and I live in London.',
    redactedText: 'Hello, my name is ⟦1⟧ and I live in ⟦2⟧.',
    mapping: { '⟦1⟧': { kind: 'person', original: 'David' }, '⟦2⟧': { kind: 'place', original: 'London' } },
    target: 'spa',
    policy: 'prefer-local',
    status: 'queued',
    message: 'Offline: the redacted text is queued on this device and translated when the connection is back.',
    queueId: 'key-1',
    rows: [{ stage: 'translate', where: 'not run', backend: 'queue', ms: 0, bytesIn: 0, bytesSent: 0, detail: 'deferred (defer:offline): waiting in the offline queue' }],
    decisions: [decision],
    explanations: ['"translate" is deferred because …'],
  };
}

describe('what a card keeps across a reload', () => {
  it('keeps the redacted text, status and records; never the transcript, the mapping, partials or the restored translation', () => {
    const u = { ...queuedCard(), status: 'done' as const, translatedRedacted: 'Hola, mi nombre es ⟦1⟧.', translation: 'Hola, mi nombre es David.' };
    const kept = storedUtterance(u);
    expect(Object.keys(kept).sort()).toEqual(
      ['audioBytes', 'decisions', 'endS', 'explanations', 'id', 'index', 'message', 'origin', 'policy', 'queueId', 'redactedText', 'rows', 'startS', 'status', 'target', 'translatedRedacted'].sort(),
    );
    expect(JSON.stringify(kept).toLowerCase()).not.toMatch(/david|london/);
  });

  it('a restored card shows placeholders; work cut off by the reload is marked interrupted, a queued one still waits', () => {
    const done = restoredUtterance(storedUtterance({ ...queuedCard(), status: 'done', translatedRedacted: 'Hola, ⟦1⟧.', translation: 'Hola, David.' }));
    expect(done).toMatchObject({ restored: true, status: 'done', translation: 'Hola, ⟦1⟧.', partial: '' });
    expect(done.transcript).toBeUndefined();
    expect(done.mapping).toBeUndefined();
    expect(restoredUtterance(storedUtterance({ ...queuedCard(), status: 'transcribing' }))).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Interrupted by a reload/) as string });
    expect(restoredUtterance(storedUtterance(queuedCard()))).toMatchObject({ status: 'queued', queueId: 'key-1' });
  });

  it('a card whose translate call was in flight waits for it when the client kept the call, and is interrupted when not', () => {
    const { queueId: _, ...sending } = storedUtterance({ ...queuedCard(), status: 'translating', message: undefined, rows: [], decisions: [], explanations: [] });
    const asked: string[] = [];
    const waiting = restoredUtterance({ ...sending, queueId: 'an-older-key' }, (s) => (asked.push(s.id), true));
    expect(asked).toEqual(['u3']);
    expect(waiting).toMatchObject({ status: 'queued', restored: true, message: expect.stringMatching(/^Sent as the page closed/) as string });
    expect(waiting.queueId).toBeUndefined();
    expect(restoredUtterance(sending, () => false)).toMatchObject({ status: 'failed', message: expect.stringMatching(/^Interrupted by a reload/) as string });
    expect(restoredUtterance(sending)).toMatchObject({ status: 'failed' });
    // Only a card under translation can have a call in flight.
    expect(restoredUtterance({ ...sending, status: 'transcribing' }, () => true)).toMatchObject({ status: 'failed' });

    // Its delivery finds it by redacted text and target, and fills it in (no deferred decision to settle).
    const request = { text: 'Hello, my name is ⟦1⟧ and I live in ⟦2⟧.', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized' as const };
    const result = { translation: 'Hola, me llamo ⟦1⟧.', provider: 'apertium', model: 'eng-spa', ms: 3, attempts: 0, replayed: true, bytesSent: 140, idempotencyKey: 'k7' };
    const delivery = { id: 'k7', request, result };
    expect(cardForDelivery([waiting], delivery)).toBe(waiting);
    expect(deliverToCard(waiting, delivery)).toBeUndefined();
    expect(waiting).toMatchObject({ status: 'done', translation: 'Hola, me llamo ⟦1⟧.' });
    expect(waiting.rows).toEqual([expect.objectContaining({ stage: 'translate', where: 'function' })]);
  });

  it('a delivery after the reload fills in its restored card and settles the deferred decision', () => {
    const card = restoredUtterance(storedUtterance(queuedCard()));
    const delivery = {
      id: 'key-1',
      request: { text: 'Hello, my name is ⟦1⟧ and I live in ⟦2⟧.', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized' as const },
      result: { translation: 'Hola, mi nombre es ⟦1⟧ y vivo en ⟦2⟧.', provider: 'apertium', model: 'eng-spa', ms: 12, attempts: 0, replayed: false, bytesSent: 140, idempotencyKey: 'key-1' },
    };
    expect(cardForDelivery([card], { ...delivery, id: 'other' })).toBeUndefined();
    expect(cardForDelivery([{ ...card, restored: false }], delivery)).toBeUndefined(); // this page's own cards get their completion
    expect(cardForDelivery([card], delivery)).toBe(card);
    const settled = deliverToCard(card, delivery);
    expect(card).toMatchObject({ status: 'done', translation: 'Hola, mi nombre es ⟦1⟧ y vivo en ⟦2⟧.', translatedRedacted: 'Hola, mi nombre es ⟦1⟧ y vivo en ⟦2⟧.' });
    expect(card.rows).toEqual([expect.objectContaining({ stage: 'translate', where: 'function', bytesSent: 140 })]);
    expect(settled).toMatchObject({ id: card.decisions[0]!.id, at: 1_000, choice: 'deferred', ranOn: 'remote', policyVersion: 'v-test' });
    expect(card.explanations[0]).toMatch(/^"translate" ran remotely after being deferred/);
  });

  it('a card kept before its queue id finds its delivery by redacted text and target; one whose request left the queue says so', () => {
    const { queueId: _, ...noId } = storedUtterance(queuedCard());
    const early = restoredUtterance(noId);
    const request = { text: 'Hello, my name is ⟦1⟧ and I live in ⟦2⟧.', source: 'eng', target: 'spa', redaction: { version: 1, placeholders: ['⟦1⟧', '⟦2⟧'] }, label: 'sanitized' as const };
    const result = { translation: 'Hola.', provider: 'apertium', model: 'eng-spa', ms: 1, attempts: 0, replayed: false, bytesSent: 1, idempotencyKey: 'k' };
    expect(cardForDelivery([early], { id: 'k', request, result })).toBe(early);
    expect(cardForDelivery([early], { id: 'k', request: { ...request, target: 'cat' }, result })).toBeUndefined();

    const waiting = restoredUtterance(storedUtterance(queuedCard()));
    const gone = restoredUtterance(storedUtterance({ ...queuedCard(), id: 'u4', queueId: 'key-gone' }));
    expect(settleLostDeliveries([waiting, gone, early], new Set(['key-1']))).toEqual([gone]);
    expect(gone).toMatchObject({ status: 'failed', message: expect.stringMatching(/left the queue/) as string });
    expect([waiting.status, early.status]).toEqual(['queued', 'queued']);
  });
});
