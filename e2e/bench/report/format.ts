/** Number formatting shared by the HTML report and the Markdown summary. */
import type { GoalVerdict, Unit } from '../contract.ts';

function significant(x: number, digits = 3): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  if (abs >= 10 ** digits) return Math.round(x).toLocaleString('en-US');
  return Number(x.toPrecision(digits)).toString();
}

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB'] as const;

/** Decimal byte sizes (1 kB = 1000 B), as the network and most tools print them. */
export function formatBytes(n: number): string {
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < BYTE_UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return `${significant(v)} ${BYTE_UNITS[i]}`;
}

export function formatValue(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return '—';
  switch (unit) {
    case 'ms':
      return `${significant(value)} ms`;
    case 's':
      return `${significant(value)} s`;
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return `${significant(value)}×`;
    case 'percent':
      return `${significant(value)}%`;
    case 'x-realtime':
      return `RTF ${significant(value)}`;
    case 'req/s':
      return `${significant(value)} req/s`;
    case 'count':
      return significant(value);
  }
}

export function formatGoal(g: GoalVerdict): string {
  const op = g.op === '<=' ? '≤' : g.op === '>=' ? '≥' : g.op === '==' ? '=' : g.op;
  return `${g.metric} ${op} ${significant(g.target)}`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A run's start time as a file-name-safe stamp: 2026-11-25T17-40-12Z. */
export function fileStamp(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}
