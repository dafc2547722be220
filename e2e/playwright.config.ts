import { defineConfig } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webgpuChromiumArgs } from './support/chromium.ts';
import { E2E_PORT } from './support/ports.ts';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

/**
 * Two projects run every spec: one where the browser offers no WebGPU adapter and one where it
 * offers SwiftShader's. Specs must pass on both; WASM is the baseline.
 */
export default defineConfig({
  testDir: './specs',
  outputDir: '../test-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['./support/summary-reporter.ts']] : [['list'], ['./support/summary-reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'wasm',
      use: { launchOptions: { executablePath: chromiumPath, args: baseChromiumArgs } },
      metadata: { webgpu: false },
    },
    {
      name: 'webgpu',
      use: { launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, ...webgpuChromiumArgs] } },
      metadata: { webgpu: true },
    },
  ],
  webServer: {
    command: `pnpm exec vite build --config vite.config.ts --logLevel warn && pnpm exec vite preview --config vite.config.ts --port ${E2E_PORT} --strictPort --host 127.0.0.1`,
    cwd: import.meta.dirname,
    // The preview server answers 404 on / (no index page) but is up; Playwright accepts < 404 only.
    url: `http://127.0.0.1:${E2E_PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
