import { placeholderPattern, type PlaceholderMapping } from '@tandem/redaction';
import { TARGETS } from '../speech-pipeline.ts';
import type { Utterance } from '../utterance.ts';
import { formatBytes, formatMs, h } from './format.ts';

const STATUS_TEXT: Record<Utterance['status'], string> = {
  transcribing: 'transcribing on device',
  redacting: 'redacting on device',
  translating: 'translating…',
  queued: 'translation pending',
  held: 'kept on device',
  done: 'translated',
  failed: 'failed',
};

/** Splits text at ⟦n⟧ placeholders; `render` decides what each placeholder becomes. */
function withPlaceholders(text: string, render: (key: string) => Node): Node[] {
  const out: Node[] = [];
  let last = 0;
  const pattern = new RegExp(placeholderPattern().source, 'gu');
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(render(`⟦${m[1] ?? ''}⟧`));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(document.createTextNode(text.slice(last)));
  return out;
}

function highlighted(redacted: string, mapping: PlaceholderMapping | undefined): Node[] {
  return withPlaceholders(redacted, (key) => {
    const entry = mapping?.[key];
    if (!entry) return document.createTextNode(key);
    return h('mark', { class: 'pii', title: `${entry.kind}: replaced by ${key} before sending` }, entry.original, h('small', {}, entry.kind));
  });
}

function line(kind: string, label: string, ...value: (Node | string)[]): HTMLElement {
  return h('div', { class: `line ${kind}` }, h('span', { class: 'k' }, label), h('span', { class: 'v' }, ...value));
}

export function renderUtterance(u: Utterance, onSend: (id: string) => void): HTMLLIElement {
  const li = h('li', { class: `utterance status-${u.status}`, id: `utterance-${u.id}`, 'data-status': u.status, 'data-restored': u.restored ? 'true' : undefined });
  li.append(
    h(
      'header',
      {},
      h('span', {}, `#${u.index} · ${u.origin} · ${u.startS.toFixed(1)}–${u.endS.toFixed(1)} s${u.restored ? ' · restored after a reload' : ''}`),
      h('span', { class: `badge ${u.status}`, 'data-testid': 'status' }, STATUS_TEXT[u.status]),
    ),
  );
  if (u.redactedText !== undefined) {
    li.append(line('transcript', 'Heard', ...highlighted(u.redactedText, u.mapping)));
    li.append(
      line(
        'sent',
        'Leaves device',
        ...withPlaceholders(u.redactedText, (key) => h('span', { class: 'ph' }, key)),
      ),
    );
  } else {
    li.append(line('transcript', 'Heard', u.partial || '…'));
  }
  if (u.translation !== undefined) {
    li.append(line('translation', TARGETS[u.target], ...(u.translatedRedacted !== undefined ? highlighted(u.translatedRedacted, u.mapping) : [u.translation])));
  } else if (u.status === 'queued' || u.status === 'translating') {
    li.append(line('translation', TARGETS[u.target], h('span', { class: 'muted' }, 'pending…')));
  }
  if (u.message) li.append(h('p', { class: `message ${u.status === 'queued' ? 'info' : ''}`, role: u.status === 'failed' ? 'alert' : undefined }, u.message));
  if (u.status === 'held') {
    const send = h('button', { type: 'button', class: 'send-again' }, 'Send redacted text now');
    send.addEventListener('click', () => onSend(u.id));
    li.append(h('div', {}, send));
  }
  li.append(renderTrace(u));
  return li;
}

function renderTrace(u: Utterance): HTMLDetailsElement {
  const kept = u.audioBytes;
  const sent = u.rows.reduce((a, r) => a + r.bytesSent, 0);
  const details = h('details', { class: 'trace' });
  details.append(
    h('summary', {}, `Trace: ${u.rows.length} stage${u.rows.length === 1 ? '' : 's'} · ${formatBytes(kept)} of speech audio kept · ${formatBytes(sent)} sent · policy ${u.policy}`),
  );
  const rows = u.rows.map((r) =>
    h(
      'tr',
      { 'data-stage': r.stage, 'data-where': r.where, 'data-bytes-in': String(r.bytesIn), 'data-bytes-sent': String(r.bytesSent) },
      h('th', { scope: 'row' }, r.stage),
      h('td', {}, h('span', { class: `where ${r.where.replace(' ', '-')}` }, r.where)),
      h('td', {}, r.backend),
      h('td', { class: 'num' }, r.where === 'not run' ? '—' : formatMs(r.ms)),
      h('td', { class: 'num' }, formatBytes(r.bytesIn)),
      h('td', { class: 'num' }, formatBytes(r.bytesSent)),
      h('td', { class: 'small muted' }, r.detail),
    ),
  );
  details.append(
    h(
      'table',
      {},
      h(
        'thead',
        {},
        h('tr', {}, ...['Stage', 'Ran on', 'Backend', 'Time', 'Bytes in', 'Sent off device', 'Detail'].map((t, i) => h('th', { scope: 'col', class: i >= 3 && i <= 5 ? 'num' : undefined }, t))),
      ),
      h('tbody', {}, ...rows),
    ),
  );
  if (u.explanations.length > 0) details.append(h('ul', { class: 'explanations' }, ...u.explanations.filter(Boolean).map((e) => h('li', {}, e))));
  return details;
}
