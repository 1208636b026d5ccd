// Rows of an S3 Inventory report (or Redline's own version listing, written in the same shape) as
// the distributed backfill's item reader hands them over, grouped per story key.
import { decodeS3Key } from './s3-events.ts';

/**
 * The columns of an S3 Inventory report that lists object versions, in the order S3 Inventory
 * writes them when these fields are chosen. Step Functions names each item's fields after the
 * report's schema; Redline's own listing manifest uses the same names as its CSV header.
 */
export const INVENTORY_COLUMNS = ['Bucket', 'Key', 'VersionId', 'IsLatest', 'IsDeleteMarker', 'Size', 'LastModifiedDate'] as const;

export interface InventoryKey {
  /** The decoded object key (S3 Inventory CSV URL-encodes keys). */
  readonly key: string;
  /** Rows the manifest holds for this key (versions and delete markers). */
  readonly rows: number;
}

export interface InventoryProblem {
  /** Position of the row in the batch, from 0. */
  readonly row: number;
  readonly reason: 'bad-row' | 'other-bucket';
  readonly detail: string;
}

export class InventoryBatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryBatchError';
  }
}

/** The rows of one Distributed Map batch: `{ Items: [...] }` (ItemBatcher) or a bare array. */
export function inventoryBatchRows(event: unknown): readonly unknown[] {
  if (Array.isArray(event)) return event;
  const items = (event as { Items?: unknown } | null)?.Items;
  if (Array.isArray(items)) return items;
  throw new InventoryBatchError('a backfill batch is { "Items": [ inventory rows ] } (a Distributed Map ItemBatcher batch); got ' + describe(event));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object with ${Object.keys(value).map((k) => JSON.stringify(k)).join(', ') || 'no fields'}`;
  return typeof value;
}

/**
 * The distinct story keys of a batch, in the order they first appear (S3 Inventory lists a key's
 * versions together), with the rows that name another bucket or carry no usable key. Each key is
 * recorded once per batch however many of its versions the batch holds: the ingest use case walks
 * the key's versions in S3 itself.
 */
export function groupInventoryRows(rows: readonly unknown[], bucket: string): { keys: InventoryKey[]; problems: InventoryProblem[] } {
  const counts = new Map<string, number>();
  const problems: InventoryProblem[] = [];
  rows.forEach((row, index) => {
    const fields = row as Record<string, unknown> | null;
    const rowBucket = typeof fields === 'object' && fields !== null ? fields.Bucket : undefined;
    const rawKey = typeof fields === 'object' && fields !== null ? fields.Key : undefined;
    if (typeof rawKey !== 'string' || rawKey === '') {
      problems.push({ row: index, reason: 'bad-row', detail: `row ${index} has no Key column (expected the columns ${INVENTORY_COLUMNS.join(',')})` });
      return;
    }
    if (rowBucket !== undefined && rowBucket !== '' && rowBucket !== bucket) {
      problems.push({ row: index, reason: 'other-bucket', detail: `row ${index} lists s3://${String(rowBucket)}/${rawKey}, not the upload bucket ${bucket}` });
      return;
    }
    let key: string;
    try {
      key = decodeS3Key(rawKey);
    } catch {
      problems.push({ row: index, reason: 'bad-row', detail: `row ${index}: key "${rawKey}" is not URL-encoded as S3 Inventory writes keys` });
      return;
    }
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return { keys: [...counts].map(([key, count]) => ({ key, rows: count })), problems };
}

/** One CSV line of an inventory-style manifest (RFC 4180 quoting; keys URL-encoded as S3 Inventory does). */
export function inventoryCsvLine(fields: { readonly bucket: string; readonly key: string; readonly versionId?: string; readonly isLatest: boolean; readonly isDeleteMarker: boolean; readonly size?: number; readonly lastModified: string }, encodeKey: (key: string) => string): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [fields.bucket, encodeKey(fields.key), fields.versionId ?? '', String(fields.isLatest), String(fields.isDeleteMarker), fields.size === undefined ? '' : String(fields.size), fields.lastModified]
    .map(quote)
    .join(',');
}
