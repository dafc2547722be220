/** The short Markdown summary of a run: machine, then per benchmark its goals and numbers. */
import type { BenchRecord, BenchRun, MachineInfo } from '../contract.ts';
import { formatBytes } from './format.ts';
import { benchTables, type Table } from './tables.ts';

export function machineLine(m: MachineInfo | null): string {
  if (!m) return 'machine: not recorded (no benchmark got as far as opening the browser)';
  return [
    `${m.cores} cores (${m.cpuModel})`,
    `${formatBytes(m.memoryBytes)} RAM`,
    m.os,
    `Chromium ${m.chromiumVersion}`,
    `WebGPU: ${m.webgpuAdapter ?? 'none'}`,
    `crossOriginIsolated: ${m.crossOriginIsolated}`,
    `Node ${m.node}`,
  ].join(' · ');
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(t: Table): string[] {
  return [
    `| ${t.head.map(cell).join(' | ')} |`,
    `| ${t.head.map(() => '---').join(' | ')} |`,
    ...t.rows.map((r) => `| ${r.map((c, i) => (i === t.strong ? `**${cell(c)}**` : cell(c))).join(' | ')} |`),
    '',
  ];
}

function benchSection(b: BenchRecord): string[] {
  const lines = [`## ${b.title} (\`${b.id}\`): ${b.status}`, ''];
  if (b.error) lines.push(`Error: ${b.error.split('\n')[0]!.replace(/^Error: /, '')}`, '');
  for (const t of benchTables(b)) lines.push(...markdownTable(t));
  const notes = b.result.notes ?? [];
  for (const n of notes) lines.push(`- ${n}`);
  if (notes.length > 0) lines.push('');
  return lines;
}

export function renderMarkdown(run: BenchRun): string {
  const ran = run.benchmarks.filter((b) => b.status === 'passed').length;
  const goals = run.benchmarks.flatMap((b) => b.goals);
  const met = goals.filter((g) => g.met).length;
  return [
    `# Tandem benchmarks, ${run.startedAt}`,
    '',
    machineLine(run.machine),
    '',
    `${ran} of ${run.benchmarks.length} benchmarks ran to the end; ${met} of ${goals.length} goals met.`,
    '',
    ...run.benchmarks.flatMap(benchSection),
  ].join('\n');
}
