import { expect, test, type Page } from '@playwright/test';

/**
 * @tandem/functions-client's IndexedDB audit store (core's AuditStore) in headless Chromium, real
 * IndexedDB: one entry per decision in decision order, a deferred decision settled after a reload
 * supersedes its pending entry in place, the bound drops the oldest, clear empties it.
 */
async function open(page: Page): Promise<void> {
  await page.goto('/audit-store/');
  await expect(page.locator('#status')).toHaveText('ready');
}

const row = (e: { key: string; state: string; decision: { choice: string; ranOn?: string; policyVersion: string } }) =>
  `${e.key} ${e.decision.choice}/${e.decision.ranOn ?? '-'} ${e.state} ${e.decision.policyVersion}`;

test('IndexedDB audit store: decision order, supersede across a reload, bounded, cleared', async ({ page }) => {
  await open(page);
  // Twelve decisions in one millisecond (ids translate#N: "#10" sorts before "#2" as text) and one later.
  const same = await page.evaluate(() => window.auditStore.decide(5_000, 12));
  const later = await page.evaluate(() => window.auditStore.decide(6_000, 1));
  const written = await page.evaluate(([d]) => window.auditStore.write('audit-e2e', 20, d!), [[...same, ...later]]);
  const keys = [...same, ...later].map((d) => `${d.at}:${d.id}`);
  expect(written.map((e) => e.key)).toEqual(keys);
  expect(new Set(written.map(row).map((r) => r.split(' ').slice(1).join(' ')))).toEqual(new Set(['deferred/- pending e2e-audit-7']));

  // The next page settles one of them (delivered after the reload): same entry, same place.
  await page.reload();
  await expect(page.locator('#status')).toHaveText('ready');
  const settled = { ...same[3]!, ranOn: 'remote' as const };
  const after = await page.evaluate(([d]) => window.auditStore.write('audit-e2e', 20, [d!]), [settled]);
  expect(after.map((e) => e.key)).toEqual(keys);
  expect(row(after[3]!)).toBe(`${keys[3]} deferred/remote settled e2e-audit-7`);
  expect(after.filter((e) => e.state === 'settled')).toHaveLength(1);

  // Bounded: a store of 5 keeps the newest decisions (the later one and the last four of the millisecond).
  const bounded = await page.evaluate(() => window.auditStore.list('audit-e2e', 5));
  expect(bounded.map((e) => e.key)).toEqual(keys);
  const trimmed = await page.evaluate(([d]) => window.auditStore.write('audit-e2e', 5, d!), [await page.evaluate(() => window.auditStore.decide(7_000, 1))]);
  expect(trimmed).toHaveLength(5);
  expect(trimmed.map((e) => e.decision.at)).toEqual([5_000, 5_000, 5_000, 6_000, 7_000]);
  expect(trimmed.slice(0, 3).map((e) => e.key)).toEqual(keys.slice(9, 12));

  expect(await page.evaluate(() => window.auditStore.clear('audit-e2e'))).toEqual([]);
});
