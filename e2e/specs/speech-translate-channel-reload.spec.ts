/**
 * Issue #17's reload case in the demo: continuous listening sends each utterance's translate call
 * as a message on the session channel; the page reloads while one is in flight (sent, its answer
 * held back on the way to the page). The functions client kept that call in its offline queue
 * before the frame left, so the next page sends it again under the same idempotency key: the
 * restored card shows the translation, and the function ran the provider once for that key.
 * Same app, function (apertium) and fake microphone as speech-translate.spec.ts.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startDemo, type Demo } from '../../apps/speech-translate/scripts/start-demo.mjs';
import { ensureAppBuilt, launchChromium, SAMPLES_DIR } from '../support/speech-translate-app.ts';

interface LogLine {
  method?: string;
  path?: string;
  idempotencyKey?: string;
  providerCalled?: boolean;
}

test('continuous listening: a reload with a translate message in flight on the channel → the restored card gets its translation, translated once', async ({ browserName }, testInfo) => {
  test.setTimeout(420_000);
  expect(browserName).toBe('chromium');
  let stderr = '';
  const demo: Demo = await startDemo({ dist: ensureAppBuilt(), appPort: 0, functionPort: 0, onFunctionLog: (d: string) => void (stderr += d) });
  const logs = () => stderr.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as LogLine);
  const browser = await launchChromium(testInfo, join(SAMPLES_DIR, 'introduction.wav'));
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    // Every channel goes through here: the page's frames reach the function; its replies are
    // held back (not delivered) until the reload, so the first message stays in flight.
    let holdReplies = true;
    const sent: { idempotencyKey: string; body: { text: string } }[] = [];
    await context.routeWebSocket(/\/v1\/session/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        sent.push(JSON.parse(String(m)) as (typeof sent)[number]);
        server.send(m);
      });
      server.onMessage((m) => {
        if (!holdReplies) ws.send(m);
      });
    });
    await page.goto(demo.appUrl);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    await page.locator('#continuous').click();
    await expect(page.locator('#continuous')).toHaveAttribute('aria-pressed', 'true');
    await expect.poll(() => sent.length, { timeout: 150_000 }).toBeGreaterThan(0);
    const { idempotencyKey: key, body } = sent[0]!;
    const card = page.locator('.utterance[data-status="translating"]').first();
    await expect(card).toBeVisible();
    const id = (await card.getAttribute('id'))!;

    await page.reload();
    holdReplies = false;
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 120_000 });
    const restored = page.locator(`#${id}`);
    await expect(restored).toHaveAttribute('data-restored', 'true');
    // Kept as waiting, not "interrupted", then filled in by the delivery of the kept call.
    await expect(restored).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
    await expect(restored.locator('.line.sent .v')).toHaveText(body.text);
    await expect(restored.locator('.line.translation .v')).not.toBeEmpty();
    await expect(restored.locator('tr[data-stage="translate"]')).toContainText('delivered from the offline queue after a reload');

    // Nothing lost, nothing twice: every key the page sent over the channel ran the provider once.
    await expect.poll(() => logs().filter((l) => l.idempotencyKey === key && l.providerCalled === true).length).toBe(1);
    expect(logs().filter((l) => l.idempotencyKey === key).length).toBeGreaterThanOrEqual(2); // the message, then its re-send
    for (const k of new Set(sent.map((s) => s.idempotencyKey))) expect(logs().filter((l) => l.idempotencyKey === k && l.providerCalled === true).length, k).toBeLessThanOrEqual(1);
    await context.close();
  } finally {
    await browser.close();
    await demo.stop();
  }
});
