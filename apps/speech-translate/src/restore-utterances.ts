/**
 * The cards of earlier visits, from IndexedDB, shown before the functions client starts
 * delivering: a translation queued before a reload arrives as a `delivered` event only (the page
 * that held its completion is gone), and lands on its restored card.
 */
import type { AuditStore } from '@tandem/core';
import type { TranslateClient } from '@tandem/functions-client';
import { cardForDelivery, deliverToCard, settleLostDeliveries } from './delivered-after-reload.ts';
import type { Utterance } from './utterance.ts';
import type { UtteranceStore } from './utterance-store.ts';

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
  const restored = await cards.list().catch((error: unknown) => {
    console.warn('utterance cards not restored', error);
    return [];
  });
  const queuedIds = new Set((await client.queued().catch(() => [])).map((q) => q.id));
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
