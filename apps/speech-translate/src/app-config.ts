/**
 * Where the translate function is. The server that hosts the PWA writes `config.json` (the demo
 * starts the function on a port it picks), so one build serves any deployment; the service worker
 * keeps the last copy for offline starts.
 */
export interface AppConfig {
  functionUrl: string;
}

export async function loadAppConfig(base: string): Promise<AppConfig> {
  const response = await fetch(new URL('config.json', base), { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  const json = (await response.json()) as Partial<AppConfig>;
  if (typeof json.functionUrl !== 'string' || !/^https?:\/\//.test(json.functionUrl)) throw new Error('config.json: functionUrl must be an http(s) URL');
  return { functionUrl: json.functionUrl.replace(/\/+$/, '') };
}
