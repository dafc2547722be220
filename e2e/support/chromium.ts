/**
 * Launch settings for Debian's Chromium on a machine with no GPU and no internet.
 * The flags below keep Chromium from calling home (the network is closed here and refused
 * connections slow start-up) and, for the WebGPU project, expose SwiftShader's software adapter.
 */
import { findChromium } from '../../scripts/find-chromium.mjs';

export const chromiumPath: string = findChromium() ?? '/usr/bin/chromium';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Flags every Tandem browser run uses. */
export const baseChromiumArgs: string[] = [
  ...(isRoot ? ['--no-sandbox'] : []),
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--disable-default-apps',
  '--metrics-recording-only',
];

/**
 * Without `--enable-unsafe-webgpu`, headless Chromium here returns no adapter; with it, a
 * SwiftShader (software Vulkan) fallback adapter. See e2e/README.md for what was measured.
 */
export const webgpuChromiumArgs: string[] = ['--enable-unsafe-webgpu', '--enable-features=Vulkan'];
