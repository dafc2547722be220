import type { ModelStore } from '@tandem/model-store';
import type { BundleProgress, DownloadSummary } from '../model-download.ts';
import { formatBytes, formatMs, h } from './format.ts';

/** Per-file and total progress bars for the first download (and the instant warm load later). */
export function createProgressView(root: HTMLElement) {
  const files = new Map<string, { bar: HTMLProgressElement; text: HTMLElement }>();
  const bundles = new Map<string, { done: number; total: number }>();
  const list = root.querySelector<HTMLUListElement>('#models-files')!;
  const total = root.querySelector<HTMLProgressElement>('#models-total')!;
  const totalText = root.querySelector<HTMLElement>('#models-total-text')!;
  const summary = root.querySelector<HTMLElement>('#models-summary')!;
  summary.textContent = 'Loading speech models into this browser…';
  return {
    progress(p: BundleProgress) {
      bundles.set(p.key, { done: p.bytesDone, total: p.bytesTotal });
      if (p.file) {
        let row = files.get(`${p.key}/${p.file}`);
        if (!row) {
          const bar = h('progress', { max: '1', value: '0', 'aria-label': `${p.file} download` });
          const text = h('span', { class: 'num' });
          list.append(h('li', {}, h('span', { class: 'name', title: `${p.title}: ${p.file}` }, p.file), bar, text));
          row = { bar, text };
          files.set(`${p.key}/${p.file}`, row);
        }
        row.bar.max = Math.max(1, p.fileBytesTotal);
        row.bar.value = p.fileBytesDone;
        row.text.textContent = `${formatBytes(p.fileBytesDone)} / ${formatBytes(p.fileBytesTotal)}${p.source === 'cache' ? ' · cached' : ''}`;
      }
      let done = 0;
      let all = 0;
      for (const b of bundles.values()) {
        done += b.done;
        all += b.total;
      }
      total.max = Math.max(1, all);
      total.value = done;
      totalText.textContent = `${formatBytes(done)} / ${formatBytes(all)}`;
    },
    finished(s: DownloadSummary) {
      root.classList.add('done');
      total.max = 1;
      total.value = 1;
      summary.textContent =
        s.networkBytes > 0
          ? `Downloaded ${formatBytes(s.networkBytes)} in ${formatMs(s.ms)} and stored them in this browser: the next visit loads from IndexedDB, even offline.`
          : `Loaded ${formatBytes(s.totalBytes)} of models from this browser's storage in ${formatMs(s.ms)} (nothing downloaded).`;
      root.dataset.networkBytes = String(s.networkBytes);
    },
    failed(error: unknown) {
      summary.textContent = `Could not load the models: ${error instanceof Error ? error.message : String(error)}`;
      summary.setAttribute('role', 'alert');
    },
  };
}

/** The storage view: cached models with sizes, each deletable. */
export async function renderStorage(store: ModelStore, tbody: HTMLElement, quota: HTMLElement): Promise<void> {
  const models = await store.list();
  tbody.replaceChildren(
    ...models.map((m) => {
      const del = h('button', { type: 'button', 'aria-label': `Delete ${m.id} ${m.version}` }, 'Delete');
      del.addEventListener('click', () => {
        void (async () => {
          del.disabled = true;
          await store.delete(m.id, m.version);
          await renderStorage(store, tbody, quota);
        })();
      });
      return h(
        'tr',
        { 'data-model': m.id },
        h('th', { scope: 'row' }, m.id),
        h('td', { class: 'small' }, m.version),
        h('td', { class: 'num' }, formatBytes(m.sizeBytes)),
        h('td', {}, m.complete ? (m.inUse ? 'in use' : 'cached') : `partial (${formatBytes(m.storedBytes)})`),
        h('td', {}, del),
      );
    }),
  );
  if (models.length === 0) tbody.append(h('tr', {}, h('td', { colspan: '5', class: 'muted' }, 'No models stored. They are downloaded again on the next visit.')));
  const estimate = await store.estimate();
  quota.textContent = estimate ? `This origin uses ${formatBytes(estimate.usageBytes)} of ${formatBytes(estimate.quotaBytes)} available.` : '';
}
