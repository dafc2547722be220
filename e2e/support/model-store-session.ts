/**
 * What the model-store specs share: manifests for files the spec's model server publishes, and
 * browser sessions in persistent (on-disk) profiles, so IndexedDB survives reloads and relaunches
 * and `storage.estimate()` reports real usage. Each spec starts its own server
 * (support/model-server.ts) and passes it in.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';
import type { ModelManifest } from '@tandem/model-store';
import { deterministicBytes, sriSha256, type ModelServer } from './model-server.ts';

export const MIB = 1024 * 1024;

export function modelManifest(
  server: ModelServer,
  id: string,
  version: string,
  files: { name: string; path: string; bytes: Buffer }[],
): ModelManifest {
  return {
    id,
    version,
    runtime: 'onnxruntime-web',
    licence: 'MIT',
    files: files.map((f) => ({ name: f.name, url: `${server.origin}${f.path}`, size: f.bytes.length, sha256: sriSha256(f.bytes) })),
  };
}

/** Publishes deterministic bytes on the server and returns a one-file manifest for them. */
export function generatedModel(
  server: ModelServer,
  id: string,
  size: number,
  seed: number,
  version = '1',
): { manifest: ModelManifest; path: string; bytes: Buffer } {
  const bytes = deterministicBytes(size, seed);
  const path = `/generated/${id}-${version}.bin`;
  server.put(path, bytes);
  return { manifest: modelManifest(server, id, version, [{ name: 'weights.bin', path, bytes }]), path, bytes };
}

export interface StoreSession {
  context: BrowserContext;
  page: Page;
  dir: string;
  /** Closes the browser and opens a new one on the same profile directory. */
  relaunch(): Promise<StoreSession>;
  close(): Promise<void>;
}

export async function openStorePage(page: Page): Promise<void> {
  await page.goto('/model-store/');
  await expect(page.locator('#status')).toHaveText('ready');
}

/** A persistent Chromium profile in a fresh temp dir, with the project's launch options, on the model-store page. */
export async function launchStoreSession(testInfo: TestInfo, extraArgs: string[] = [], existingDir?: string): Promise<StoreSession> {
  const dir = existingDir ?? (await mkdtemp(join(tmpdir(), 'tandem-model-store-')));
  const { launchOptions, baseURL } = testInfo.project.use;
  const args = [...(launchOptions?.args ?? []), ...extraArgs];
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, args, headless: true, baseURL });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await openStorePage(page);
  } catch (error) {
    await context.close();
    if (!existingDir) await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    page,
    dir,
    relaunch: async () => {
      await context.close();
      return launchStoreSession(testInfo, extraArgs, dir);
    },
    close: async () => {
      await context.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Requests the page itself made to the model server (Playwright's view of the network). */
export function watchModelRequests(page: Page, server: ModelServer): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(server.origin)) seen.push(r.url());
  });
  return seen;
}
