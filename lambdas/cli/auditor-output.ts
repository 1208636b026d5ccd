// Human and file renderings of the auditor commands: tables for people, JSON Lines and CSV for tools.
import type { VersionRecord } from '../core/ledger.ts';
import type { StorySummary } from '../ports.ts';
import type { Comparison, VersionView } from '../app/queries.ts';
import type { BundleVerification } from '../app/evidence-bundle.ts';
import { formatVerification } from './verify-output.ts';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A fixed-width table; long cells are cut with an ellipsis so rows stay on one line. */
export function table(header: string[], rows: string[][], maxWidth = 48): string {
  const cut = (cell: string) => (cell.length > maxWidth ? `${cell.slice(0, maxWidth - 1)}…` : cell);
  const cells = rows.map((row) => row.map(cut));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

export const shortTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '');

export function formatStories(stories: StorySummary[]): string {
  if (stories.length === 0) return 'No stories recorded.';
  return table(
    ['story', 'latest', 'last change (UTC)', 'status', 'stealth', 'headline'],
    stories.map((s) => [s.storyId, `v${s.latestVersion}`, shortTime(s.lastChangedAt), s.latestStatus, s.stealthCount > 0 ? String(s.stealthCount) : '', s.headline ?? '']),
  );
}

export function formatChanges(records: VersionRecord[], window: { since: string; until: string }): string {
  const heading = `Changes ${shortTime(window.since)} – ${shortTime(window.until)} UTC: ${records.length}`;
  if (records.length === 0) return `${heading}\nNo changes in this window.`;
  return [
    heading,
    table(
      ['time (UTC)', 'story', 'v', 'editor', 'flag', 'what changed', 'note'],
      records.map((r) => [
        shortTime(r.eventTime),
        r.storyId,
        String(r.version),
        r.editor ?? '',
        r.change?.stealth ? 'STEALTH' : '',
        r.rejection ? `rejected: ${r.rejection.code}` : [...(r.status !== 'recorded' ? [r.status] : []), ...(r.change?.kinds ?? [])].join(', '),
        r.note ?? '',
      ]),
      40,
    ),
  ].join('\n');
}

export function formatVersion(view: VersionView): string {
  const r = view.record;
  const facts: [string, string | undefined][] = [
    ['story', r.storyId],
    ['version', `${r.version} (${r.status}${r.revertOf !== undefined ? `, same text as v${r.revertOf}` : ''})`],
    ['event time', r.eventTime],
    ['recorded at', r.recordedAt],
    ['editor', r.editor],
    ['note', r.note ?? '(none)'],
    ['source', `s3://${r.source.bucket}/${r.source.key}${r.source.versionId ? ` (version ${r.source.versionId})` : ''}`],
    ['changes', r.change ? `${r.change.kinds.join(', ')}${r.change.stealth ? '  STEALTH' : ''}` : undefined],
    ['figures', r.change?.numbers.map((n) => `${n.before ?? '∅'} → ${n.after ?? '∅'}`).join('; ') || undefined],
    ['rejected', r.rejection ? `${r.rejection.code}: ${r.rejection.reason}` : undefined],
    ['sha256', r.sha256],
    ['chain hash', r.chainHash],
  ];
  const lines = facts.filter(([, value]) => value !== undefined && value !== '').map(([name, value]) => `${pad(`${name}:`, 13)}${value}`);
  return view.canonical !== undefined ? `${lines.join('\n')}\n\n${view.canonical.trimEnd()}` : lines.join('\n');
}

/** `v3 (2026-11-24 04:29:57, Night desk)` */
export const sideLabel = (v: Comparison['from']) => `v${v.version} (${shortTime(v.eventTime)}${v.editor ? `, ${v.editor}` : ''})`;

export function formatComparisonHeader(comparison: Comparison): string {
  const side = sideLabel;
  const figures = comparison.change.numbers.map((n) => `${n.before ?? '∅'} → ${n.after ?? '∅'}`);
  return [
    `${comparison.storyId}: ${side(comparison.from)} → ${side(comparison.to)}`,
    `changes: ${comparison.change.kinds.join(', ')}${comparison.to.stealth ? '  (v' + comparison.to.version + ' is flagged STEALTH: no update or correction note)' : ''}`,
    ...(figures.length ? [`figures: ${figures.join('; ')}`] : []),
    '',
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Exports

export const CSV_COLUMNS = [
  'storyId',
  'version',
  'status',
  'eventTime',
  'recordedAt',
  'editor',
  'note',
  'headline',
  'kinds',
  'stealth',
  'significance',
  'figures',
  'revertOf',
  'rejection',
  'sha256',
  'chainHash',
] as const;

function csvCell(value: string): string {
  // Quote always-needed cells; neutralize spreadsheet formulas (a leading = + - @).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(r: VersionRecord): string {
  const values: Record<(typeof CSV_COLUMNS)[number], string> = {
    storyId: r.storyId,
    version: String(r.version),
    status: r.status,
    eventTime: r.eventTime,
    recordedAt: r.recordedAt,
    editor: r.editor ?? '',
    note: r.note ?? '',
    headline: r.headline ?? '',
    kinds: (r.change?.kinds ?? []).join(' '),
    stealth: r.change ? String(r.change.stealth) : '',
    significance: r.change ? String(r.change.significance) : '',
    figures: (r.change?.numbers ?? []).map((n) => `${n.before ?? ''}->${n.after ?? ''}`).join(' '),
    revertOf: r.revertOf !== undefined ? String(r.revertOf) : '',
    rejection: r.rejection ? `${r.rejection.code}: ${r.rejection.reason}` : '',
    sha256: r.sha256 ?? '',
    chainHash: r.chainHash,
  };
  return `${CSV_COLUMNS.map((column) => csvCell(values[column])).join(',')}\r\n`;
}

export function formatBundleVerification(result: BundleVerification): string {
  const lines = [formatVerification(result)];
  if (result.ok && result.exportedHeadChainHash && !result.matchesExport) {
    lines.push(`        note: the bundle says it was exported with head ${result.exportedHeadChainHash}; its records end at ${result.headChainHash} (cut or extended after export)`);
  }
  lines.push(`        checked offline from the bundle alone: record hashes, chain links, canonical texts, patches${result.log ? ', the signed log checkpoint and inclusion proofs' : ''}`);
  if (result.log) lines.push(`        in the log: ${result.log.proven} version${result.log.proven === 1 ? '' : 's'} proven against the checkpoint of ${result.log.size} leaves${result.log.pending ? `, ${result.log.pending} recorded after it` : ''}`);
  return lines.join('\n');
}
