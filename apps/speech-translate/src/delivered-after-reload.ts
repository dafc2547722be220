/**
 * A translation queued in one page and delivered in the next: the page that deferred it (and held
 * its completion) is gone, so the functions client's `delivered` event is all that says it arrived.
 * This fills in the restored card and settles its deferred decision for the audit log.
 */
import { explainDecision, type PlacementDecision } from '@tandem/core';
import type { ClientEvents } from '@tandem/functions-client';
import type { Utterance } from './utterance.ts';

/**
 * The restored card still waiting for the request the client just delivered, if any: by queue id,
 * or, for a card kept between the enqueue and the `queued` event (so without an id), by its
 * redacted text and target, which are exactly what the request carries.
 */
export function cardForDelivery(cards: Iterable<Utterance>, delivery: ClientEvents['delivered']): Utterance | undefined {
  const { id, request } = delivery;
  for (const u of cards) {
    if (!u.restored || u.status !== 'queued') continue;
    if (u.queueId === undefined ? u.redactedText === request.text && u.target === request.target : u.queueId === id) return u;
  }
  return undefined;
}

/**
 * Restored cards kept as queued whose request is no longer in the queue: it was delivered (or
 * refused) while the earlier page was closing, before the card was kept as done, so its
 * translation never comes. They say so instead of waiting for ever; returns the cards changed.
 */
export function settleLostDeliveries(cards: Iterable<Utterance>, queuedIds: ReadonlySet<string>): Utterance[] {
  const lost: Utterance[] = [];
  for (const u of cards) {
    if (!u.restored || u.status !== 'queued' || u.queueId === undefined || queuedIds.has(u.queueId)) continue;
    u.status = 'failed';
    u.message = 'Its request left the queue while the earlier page was closing (delivered or refused there), so its translation was not kept.';
    lost.push(u);
  }
  return lost;
}

/**
 * Shows the delivered translation on the card. Its placeholders stay (the values behind them were
 * never kept). Returns the card's deferred translate decision, now with `ranOn: 'remote'`: written
 * to the audit store it supersedes the pending entry the earlier page left.
 */
export function deliverToCard(u: Utterance, delivery: ClientEvents['delivered']): PlacementDecision | undefined {
  const { request, result } = delivery;
  u.translatedRedacted = result.translation;
  u.translation = result.translation;
  u.status = 'done';
  u.message = 'Delivered after a reload. The values behind the placeholders are not kept on this device, so they stay placeholders.';
  u.rows = u.rows.filter((r) => r.stage !== 'translate');
  u.rows.push({
    stage: 'translate',
    where: 'function',
    backend: 'remote',
    ms: result.ms,
    bytesIn: new TextEncoder().encode(request.text).byteLength,
    bytesSent: result.bytesSent,
    detail: `delivered from the offline queue after a reload · ${result.provider}:${result.model} · ${request.source}→${request.target}`,
  });
  const i = u.decisions.findIndex((d) => d.stage === 'translate' && d.choice === 'deferred' && d.ranOn === undefined);
  const deferred = u.decisions[i];
  if (deferred === undefined) return undefined;
  const settled: PlacementDecision = { ...deferred, ranOn: 'remote' };
  u.decisions[i] = settled;
  u.explanations[i] = explainDecision(settled);
  return settled;
}
