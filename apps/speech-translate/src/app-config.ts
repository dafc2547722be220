/**
 * Where the translate function is. The server that hosts the PWA writes `config.json` (the demo
 * starts the function on a port it picks), so one build serves any deployment. The last answer
 * is kept in localStorage: the first visit's fetch happens before the service worker controls the
 * page, so an offline start after one visit could not get it from the worker's cache.
 */
export interface AppConfig {
  functionUrl: string;
}

const KEY = 'tandem.config';

function parse(json: unknown): AppConfig {
  const url = (json as Partial<AppConfig> | null)?.functionUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new Error('config.json: functionUrl must be an http(s) URL');
  return { functionUrl: url.replace(/\/+$/, '') };
}

export async function loadAppConfig(base: string): Promise<AppConfig> {
  try {
    const response = await fetch(new URL('config.json', base), { cache: 'no-cache' });
    if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
    const config = parse(await response.json());
    localStorage.setItem(KEY, JSON.stringify(config));
    return config;
  } catch (error) {
    const kept = localStorage.getItem(KEY);
    if (kept) return parse(JSON.parse(kept));
    throw error;
  }
}
