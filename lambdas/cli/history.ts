// `redline history`: a story's versions, oldest first, as a table or JSON.
import { inS3Order, restorersIn, type VersionRecord } from '../core/ledger.ts';
import type { Ledger } from '../ports.ts';

/** Every version of a story in S3's order: an `unarchived` version right after the rejected one it restores. */
export async function readHistory(ledger: Ledger, storyId: string): Promise<VersionRecord[]> {
  const records: VersionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await ledger.history(storyId, { cursor, limit: 200 });
    records.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return inS3Order(records, restorersIn(records));
}

function statusText(record: VersionRecord): string {
  if (record.status === 'unarchived') return `unarchived: v${record.restores} restored later`;
  return record.status + (record.revertOf !== undefined ? ` → v${record.revertOf}` : '');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A fixed-width table a person can read in a terminal. */
export function formatHistory(storyId: string, records: VersionRecord[]): string {
  if (records.length === 0) return `No versions recorded for story "${storyId}".`;
  const rows = records.map((r) => [
    String(r.version),
    statusText(r),
    r.eventTime.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''),
    r.editor ?? '',
    r.change?.stealth ? 'STEALTH' : '',
    r.rejection ? r.rejection.reason : (r.change?.kinds ?? []).join(', '),
    r.note ?? '',
  ]);
  const header = ['v', 'status', 'time (UTC)', 'editor', 'flag', 'what changed', 'note'];
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((row) => row[i]!.length))));
  const line = (cells: string[]) => cells.map((cell, i) => pad(cell, widths[i]!)).join('  ').trimEnd();
  const figures = records
    .filter((r) => !r.change?.kinds.includes('first-version'))
    .flatMap((r) => (r.change?.numbers ?? []).map((n) => `  v${r.version}: ${n.before ?? '∅'} → ${n.after ?? '∅'}${r.change?.stealth ? '  (no update or correction note)' : ''}`))
    .slice(0, 20);
  return [
    `Story "${storyId}" — ${records.length} version${records.length === 1 ? '' : 's'}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(figures.length ? ['', 'Figures that changed:', ...figures] : []),
  ].join('\n');
}
