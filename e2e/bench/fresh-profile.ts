/**
 * A fresh on-disk Chromium profile for one benchmark sample. On disk, not an incognito-like
 * context: Chromium keeps IndexedDB in memory for those, which would flatter every warm start.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { baseChromiumArgs, chromiumPath } from '../support/chromium.ts';

/** Runs `work` on the first page of a new profile in a new temp dir; closes the browser and deletes the dir after. */
export async function inFreshProfile<T>(baseURL: string, work: (page: Page) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'tandem-bench-profile-'));
  try {
    const context = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath, args: baseChromiumArgs, headless: true, baseURL });
    try {
      return await work(context.pages()[0] ?? (await context.newPage()));
    } finally {
      await context.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Opens `path` and waits (bounded: a page missing from the build must fail the sample, not eat the budget) for `#status` to say ready. */
export async function openBenchPage(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('#status', { hasText: 'ready' }).waitFor({ timeout: 60_000 });
}
