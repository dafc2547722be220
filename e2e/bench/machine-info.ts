/**
 * What machine a run happened on. Absolute numbers only mean something beside this: a shared
 * 2-core VM with SwiftShader is not a laptop with a GPU.
 */
import { cpus, release, totalmem, type } from 'node:os';
import type { Browser } from '@playwright/test';
import type { MachineInfo } from './contract.ts';

interface BrowserSide {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  webgpuAdapter: string | null;
}

/**
 * Opens `baseURL` in a throwaway context and reads what only the page can tell: isolation,
 * the WebGPU adapter (vendor / architecture, and whether it is a software fallback).
 */
export async function collectMachineInfo(browser: Browser, baseURL: string): Promise<MachineInfo> {
  const context = await browser.newContext({ baseURL });
  try {
    const page = await context.newPage();
    await page.goto('/');
    const side: BrowserSide = await page.evaluate(async () => {
      interface AdapterInfoLike {
        vendor?: string;
        architecture?: string;
        description?: string;
        isFallbackAdapter?: boolean;
      }
      interface AdapterLike {
        info?: AdapterInfoLike;
        isFallbackAdapter?: boolean;
      }
      // Own minimal types: whether @webgpu/types is loaded or not, and adapter.info is recent.
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
      let webgpuAdapter: string | null = null;
      if (gpu) {
        const adapter = await gpu.requestAdapter();
        if (adapter) {
          const info = adapter.info ?? {};
          const parts = [info.vendor, info.architecture, info.description].filter((p) => p && p.length > 0);
          const fallback = info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false;
          webgpuAdapter = `${parts.join(' / ') || 'unnamed adapter'}${fallback ? ' (fallback)' : ''}`;
        }
      }
      return {
        crossOriginIsolated: self.crossOriginIsolated,
        hardwareConcurrency: navigator.hardwareConcurrency,
        userAgent: navigator.userAgent,
        webgpuAdapter,
      };
    });
    const cpu = cpus();
    return {
      os: `${type()} ${release()}`,
      cpuModel: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryBytes: totalmem(),
      node: process.version,
      chromiumVersion: browser.version(),
      ...side,
    };
  } finally {
    await context.close();
  }
}
