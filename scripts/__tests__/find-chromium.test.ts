import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '../find-chromium.mjs';

describe('findChromium', () => {
  const saved = process.env.CHROMIUM_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.CHROMIUM_PATH;
    else process.env.CHROMIUM_PATH = saved;
  });

  it('honours CHROMIUM_PATH when it names an executable', () => {
    process.env.CHROMIUM_PATH = process.execPath;
    expect(findChromium()).toBe(process.execPath);
  });

  it('refuses a CHROMIUM_PATH that is not executable instead of silently picking another', () => {
    process.env.CHROMIUM_PATH = '/definitely/not/chromium';
    expect(() => findChromium()).toThrow(/not an executable/);
  });

  it('finds Debian chromium when no override is set', () => {
    delete process.env.CHROMIUM_PATH;
    expect(findChromium()).toMatch(/chrom/);
  });
});
