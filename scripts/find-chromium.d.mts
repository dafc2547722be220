/** The first usable Chromium (CHROMIUM_PATH when set), or null. */
export function findChromium(): string | null;
/** A Chromium path, installing Debian's package first when that is possible. */
export function ensureChromium(): string;
