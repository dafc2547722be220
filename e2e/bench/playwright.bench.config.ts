import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { baseChromiumArgs, chromiumPath, webgpuChromiumArgs } from '../support/chromium.ts';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const e2eDir = resolve(import.meta.dirname, '..');
/**
 * Apart from the test run's server (4173) and build folder, so both can run at once. Two bench
 * runs at once need their own port AND folder (TANDEM_BENCH_OUTDIR): a build empties its folder,
 * and with TANDEM_E2E_PAGES it holds only the pages that run asked for.
 */
const port = Number(process.env.TANDEM_BENCH_PORT ?? 4183);
const outDir = process.env.TANDEM_BENCH_OUTDIR ? resolve(process.env.TANDEM_BENCH_OUTDIR) : resolve(e2eDir, '.generated/bench-dist');

/**
 * `pnpm bench`: every `*.bench.ts` here becomes one test of run-benchmarks.ts, run one at a time
 * in Debian's headless Chromium with the WebGPU flags (a SwiftShader adapter where the machine
 * has one; benchmarks pick their backend explicitly). The e2e pages are built and served exactly
 * as for the specs (e2e/vite.config.ts, production build, COOP/COEP).
 */
export default defineConfig({
  testDir: '.',
  testMatch: 'run-benchmarks.ts',
  outputDir: resolve(e2eDir, '../test-results/bench'),
  timeout: 10 * 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['./report/results-reporter.ts']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: chromiumPath, args: [...baseChromiumArgs, ...webgpuChromiumArgs] },
  },
  webServer: {
    command: `pnpm exec vite build --config vite.config.ts --logLevel warn && pnpm exec vite preview --config vite.config.ts --port ${port} --strictPort --host 127.0.0.1`,
    cwd: e2eDir,
    env: { TANDEM_E2E_OUTDIR: outDir },
    url: `http://127.0.0.1:${port}/`,
    // Never measure against a server left over from another checkout or build.
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
