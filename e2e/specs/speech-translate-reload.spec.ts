/**
 * Nothing lost across a reload: a translation queued offline is delivered after the page was
 * reloaded and lands on its restored card; the audit log (IndexedDB) still holds the decisions
 * made before the reload, with their policy version, and exports them; and nothing this device
 * kept (IndexedDB, outside the model store) is audio or unredacted text. Same app, function and
 * browser setup as speech-translate.spec.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { useSpeechTranslateApp } from '../support/speech-translate-app.ts';

/** What the introduction sample says that must never be kept unredacted ("… david … london"). */
const SECRETS = ['david', 'london'];
const POLICY_VERSION = 'speech-translate-2026-11';
/** The model store holds the weights (binary by nature); everything else is checked. */
const MODEL_DB = 'tandem-speech-translate-models';

interface ExportedRecord {
  key: string;
  state: 'pending' | 'settled';
  stage: string;
  choice: string;
  ranOn?: string;
  rule: string;
  policyVersion: string;
}

const app = useSpeechTranslateApp();

/**
 * Every IndexedDB database of the origin but the model store, every record as JSON; binary
 * values (audio would be one) are replaced by a marker the test looks for.
 */
async function dumpIndexedDb(page: Page): Promise<Record<string, Record<string, string[]>>> {
  return page.evaluate(async (skip) => {
    const out: Record<string, Record<string, string[]>> = {};
    const replacer = (_k: string, v: unknown) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) || v instanceof Blob ? `BINARY:${Object.prototype.toString.call(v)}` : v);
    for (const { name } of await indexedDB.databases()) {
      if (!name || name === skip) continue;
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error ?? new Error(name));
      });
      out[name] = {};
      for (const store of db.objectStoreNames) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error(store));
        });
        out[name][store] = all.map((v) => JSON.stringify(v, replacer));
      }
      db.close();
    }
    return out;
  }, MODEL_DB);
}

function expectNothingUnredactedKept(dump: Record<string, Record<string, string[]>>): void {
  for (const [db, stores] of Object.entries(dump)) {
    for (const [store, rows] of Object.entries(stores)) {
      for (const row of rows) {
        expect(row, `${db}/${store}`).not.toContain('BINARY:');
        for (const s of SECRETS) expect(row.toLowerCase(), `${db}/${store}`).not.toContain(s);
      }
    }
  }
}

/** The app's "Download decision records" export. */
async function exportedDecisions(page: Page): Promise<{ policyVersion: string; records: ExportedRecord[]; explanations: string[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-decisions').click()]);
  const chunks = await (await download.createReadStream()).toArray();
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { policyVersion: string; records: ExportedRecord[]; explanations: string[] };
}

const summary = (r: ExportedRecord) => `${r.stage}:${r.choice}:${r.ranOn ?? '-'}:${r.state}:${r.policyVersion}`;

test('offline → queued card → reload → online: the restored card shows the delivered translation; the audit log survives and exports', async () => {
  test.setTimeout(420_000);
  const context = await app.browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(app.demo.appUrl);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  // The reload happens offline: the service worker must control the page by then.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    while (!navigator.serviceWorker.controller) await new Promise((r) => setTimeout(r, 100));
  });

  await context.setOffline(true);
  await page.locator('[data-sample="introduction"]').click();
  const card = page.locator('#utterance-u1');
  await expect(card).toHaveAttribute('data-status', 'queued', { timeout: 120_000 });
  await expect(card.locator('.line.transcript .v')).toContainText('david'); // this page still has the mapping
  // The card is kept with its queue id once the request is in the client's offline queue.
  await expect
    .poll(async () => (await dumpIndexedDb(page))['tandem-speech-translate']?.utterances?.map((row) => {
      const u = JSON.parse(row) as { status: string; queueId?: string };
      return `${u.status}:${typeof u.queueId}`;
    }), { timeout: 30_000 })
    .toEqual(['queued:string']);
  const before = await exportedDecisions(page);
  expect(before.records.map(summary)).toEqual([
    `vad:local:local:settled:${POLICY_VERSION}`,
    `transcribe:local:local:settled:${POLICY_VERSION}`,
    `redact-transcript:local:local:settled:${POLICY_VERSION}`,
    `punctuate:local:local:settled:${POLICY_VERSION}`,
    `translate:deferred:-:pending:${POLICY_VERSION}`,
  ]);
  expectNothingUnredactedKept(await dumpIndexedDb(page));

  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  await expect(page.locator('#net-status')).toHaveText('offline');
  // The card is back, from what was kept: the redacted text, still waiting for its translation.
  await expect(card).toHaveAttribute('data-restored', 'true');
  await expect(card).toHaveAttribute('data-status', 'queued');
  await expect(card.locator('.line.sent .v')).toContainText(/my name is ⟦\d⟧/i);
  await expect(card.locator('.line.transcript .v')).not.toContainText('david');
  await expect(card.locator('tr[data-stage="translate"]')).toContainText('deferred (defer:offline)');
  // The audit log of the earlier page survived the reload, policy version and all.
  const afterReload = await exportedDecisions(page);
  expect(afterReload.records).toEqual(before.records);
  expect(afterReload.explanations.at(-1)).toMatch(/^"translate" is deferred because the device is offline.*policy speech-translate-2026-11/);
  expectNothingUnredactedKept(await dumpIndexedDb(page));

  await context.setOffline(false);
  await expect(card).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // apertium's Spanish, with the placeholders this device no longer can fill in.
  await expect(card.locator('.line.translation .v')).toContainText(/nombre.*⟦\d⟧/i);
  await expect(card.locator('tr[data-stage="translate"]')).toHaveAttribute('data-where', 'function');
  await expect(card.locator('tr[data-stage="translate"]')).toContainText('delivered from the offline queue after a reload');
  // The delivery settles the deferred decision: the same entry, not a second row.
  const delivered = await exportedDecisions(page);
  expect(delivered.records.map(summary)).toEqual([...before.records.slice(0, 4).map(summary), `translate:deferred:remote:settled:${POLICY_VERSION}`]);
  expect(delivered.records.map((r) => r.key)).toEqual(before.records.map((r) => r.key));
  expect(delivered.explanations.at(-1)).toMatch(/^"translate" ran remotely after being deferred/);

  // Kept as delivered: a second reload shows the finished card.
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
  await expect(card).toHaveAttribute('data-status', 'done');
  await expect(card.locator('.line.translation .v')).toContainText(/nombre.*⟦\d⟧/i);
  expectNothingUnredactedKept(await dumpIndexedDb(page));
  await context.close();
});
