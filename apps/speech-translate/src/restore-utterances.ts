/**
 * The cards of earlier visits, from IndexedDB, shown before the functions client starts
 * delivering: a translation queued before a reload, or one whose call was in flight on the session
 * channel when it happened (the client kept that call in its queue), arrives as a `delivered`
 * event only (the page that held its completion is gone), and lands on its restored card.
 */
import type { AuditStore } from '@tandem/core';
import type { TranslateClient } from '@tandem/functions-client';
import { cardForDelivery, deliverToCard, settleLostDeliveries } from './delivered-after-reload.ts';
import type { Utterance } from './utterance.ts';
import type { StoredUtterance, UtteranceStore } from './utterance-store.ts';

export interface RestoreOptions {
  client: TranslateClient;
  cards: UtteranceStore;
  /** Gets the settled decision of a card delivered after the reload (it supersedes the pending entry). */
  audit: AuditStore;
  /** Renders a card, new or updated. */
  show: (u: Utterance) => void;
}

/** Shows the kept cards and subscribes to deliveries; call before `client.start()`. Resolves with the highest card number. */
export async function restoreUtterances({ client, cards, audit, show }: RestoreOptions): Promise<number> {
  const queued = await client.queued().catch(() => []);
  const restored = await cards.list((s) => queued.some((q) => sameRequest(q.request, s))).catch((error: unknown) => {
    console.warn('utterance cards not restored', error);
    return [];
  });
  const queuedIds = new Set(queued.map((q) => q.id));
  for (const u of settleLostDeliveries(restored, queuedIds)) void cards.save(u).catch(() => undefined);
  for (const u of restored) show(u);
  client.on('delivered', (delivery) => {
    const u = cardForDelivery(restored, delivery);
    if (!u) return;
    const settled = deliverToCard(u, delivery);
    if (settled) audit.write(settled);
    show(u);
    void cards.save(u).catch(() => undefined);
  });
  return restored.reduce((max, u) => Math.max(max, u.index), 0);
}

/** Whether a queued request is this card's translate call: its redacted text to its target. */
function sameRequest(request: unknown, s: StoredUtterance): boolean {
  const r = request as { text?: unknown; target?: unknown } | null;
  return typeof r === 'object' && r !== null && r.text === s.redactedText && r.target === s.target;
}
