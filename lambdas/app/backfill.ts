// Use case: record whatever the ledger is missing for story keys already in the upload bucket.
// Both forms drive the same ingest path as notifications, one key at a time, so they are
// idempotent (a second run records nothing) and record each key's versions in S3's order:
// Both also read again each version the ledger holds as rejected `archived`: one S3 can return now
// (restored) is appended as an `unarchived` version, once; one still archived is counted, not an error.
// - `backfill` walks the bucket from one process;
// - `backfillInventoryBatch` records one batch of an S3 Inventory manifest, as a child of the
//   Step Functions Distributed Map runs it (lambdas/handlers/backfill-batch.ts).
import type { IngestDeps, IngestOutcome } from './ingest.ts';
import { ingestChange } from './ingest.ts';
import { groupInventoryRows, type InventoryProblem } from '../core/inventory.ts';

export interface BackfillProgress {
  readonly keys: number;
  readonly recorded: number;
  readonly key: string;
}

export interface BackfillResult {
  readonly keys: number;
  /** Versions appended (including `unarchived` ones). */
  readonly recorded: number;
  /** Of those, archived uploads restored since and recorded now (`unarchived`). */
  readonly unarchived: number;
  readonly duplicates: number;
  readonly ignored: number;
  /** Versions rejected `archived` that S3 still cannot return: nothing appended for them. */
  readonly stillArchived: number;
  /** Which those are, and why (at most 100 listed). */
  readonly stillArchivedVersions: readonly { readonly storyId: string; readonly version: number; readonly detail: string }[];
}

const MAX_LISTED_STILL_ARCHIVED = 100;

interface Tally {
  keys: number;
  recorded: number;
  unarchived: number;
  duplicates: number;
  ignored: number;
  stillArchived: number;
  stillArchivedVersions: { storyId: string; version: number; detail: string }[];
}

/** Records every version of one key the ledger lacks (the ingest use case walks S3's versions). */
async function backfillKey(deps: IngestDeps, bucket: string, key: string, eventTime: string, etag?: string): Promise<IngestOutcome[]> {
  return ingestChange({ change: 'created', eventName: 'ObjectCreated:Backfill', eventTime, bucket, key, ...(etag ? { eTag: etag } : {}) }, deps, { restoredVersions: true });
}

function count(totals: Tally, outcomes: readonly IngestOutcome[]): void {
  totals.keys += 1;
  for (const outcome of outcomes) {
    if (outcome.outcome === 'recorded') {
      totals.recorded += 1;
      if (outcome.status === 'unarchived') totals.unarchived += 1;
    } else if (outcome.outcome === 'duplicate') totals.duplicates += 1;
    else if (outcome.outcome === 'still-archived') {
      totals.stillArchived += 1;
      if (totals.stillArchivedVersions.length < MAX_LISTED_STILL_ARCHIVED) totals.stillArchivedVersions.push({ storyId: outcome.storyId, version: outcome.version, detail: outcome.detail });
    }
    else totals.ignored += 1;
  }
}

export async function backfill(
  deps: IngestDeps,
  options: { readonly bucket: string; readonly prefix?: string; readonly clock?: () => Date; readonly onProgress?: (progress: BackfillProgress) => void },
): Promise<BackfillResult> {
  const prefix = options.prefix ?? deps.config.storyPrefix;
  const totals: Tally = { keys: 0, recorded: 0, unarchived: 0, duplicates: 0, ignored: 0, stillArchived: 0, stillArchivedVersions: [] };
  for await (const { key, etag } of deps.revisions.listKeys(options.bucket, prefix)) {
    count(totals, await backfillKey(deps, options.bucket, key, (options.clock ?? deps.clock)().toISOString(), etag));
    options.onProgress?.({ keys: totals.keys, recorded: totals.recorded, key });
  }
  return totals;
}

export interface BatchBackfillResult extends BackfillResult {
  /** Inventory rows (versions and delete markers) the batch held. */
  readonly rows: number;
  /** Versions recorded with status `rejected` (bad input: recorded, never dropped). */
  readonly rejected: number;
  /** Keys ignored, with why (outside the story prefix, no version left in S3 …). */
  readonly ignoredKeys: readonly { readonly key: string; readonly reason: string; readonly detail: string }[];
  /** Rows that named no usable key or another bucket. */
  readonly problems: readonly InventoryProblem[];
  /** Keys whose recording threw; the batch fails (and is retried) when there are any. */
  readonly failed: readonly { readonly key: string; readonly error: string }[];
}

export class BackfillBatchFailedError extends Error {
  constructor(readonly result: BatchBackfillResult) {
    super(
      `${result.failed.length} of ${result.keys} keys failed (the others are recorded; a retry records only what is missing): ` +
        result.failed.map((failure) => `${failure.key}: ${failure.error}`).join('; '),
    );
    this.name = 'BackfillBatchFailedError';
  }
}

/**
 * Records the story keys one batch of inventory rows names, each key once and one after another.
 * A key's failure does not stop the others; the result lists it (the handler then fails the batch
 * so Step Functions retries it and, if it keeps failing, reports it).
 */
export async function backfillInventoryBatch(rows: readonly unknown[], deps: IngestDeps, options: { readonly bucket: string }): Promise<BatchBackfillResult> {
  const { keys, problems } = groupInventoryRows(rows, options.bucket);
  const totals: Tally = { keys: 0, recorded: 0, unarchived: 0, duplicates: 0, ignored: 0, stillArchived: 0, stillArchivedVersions: [] };
  let rejected = 0;
  const ignoredKeys: { key: string; reason: string; detail: string }[] = [];
  const failed: { key: string; error: string }[] = [];
  for (const { key } of keys) {
    try {
      const outcomes = await backfillKey(deps, options.bucket, key, deps.clock().toISOString());
      count(totals, outcomes);
      for (const outcome of outcomes) {
        if (outcome.outcome === 'recorded' && outcome.status === 'rejected') rejected += 1;
        if (outcome.outcome === 'ignored') ignoredKeys.push({ key, reason: outcome.reason, detail: outcome.detail });
      }
    } catch (error) {
      totals.keys += 1;
      failed.push({ key, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return { rows: rows.length, ...totals, rejected, ignoredKeys, problems, failed };
}
