// Use case: walk the upload bucket and record whatever the ledger is missing, in order. It drives
// the same ingest path as notifications, so it is idempotent: a second run records nothing.
import type { IngestDeps, IngestOutcome } from './ingest.ts';
import { ingestChange } from './ingest.ts';

export interface BackfillProgress {
  readonly keys: number;
  readonly recorded: number;
  readonly key: string;
}

export interface BackfillResult {
  readonly keys: number;
  readonly recorded: number;
  readonly duplicates: number;
  readonly ignored: number;
}

export async function backfill(
  deps: IngestDeps,
  options: { readonly bucket: string; readonly prefix?: string; readonly clock?: () => Date; readonly onProgress?: (progress: BackfillProgress) => void },
): Promise<BackfillResult> {
  const prefix = options.prefix ?? deps.config.storyPrefix;
  const totals = { keys: 0, recorded: 0, duplicates: 0, ignored: 0 };
  for await (const { key, etag } of deps.revisions.listKeys(options.bucket, prefix)) {
    const outcomes: IngestOutcome[] = await ingestChange(
      {
        change: 'created',
        eventName: 'ObjectCreated:Backfill',
        eventTime: (options.clock ?? deps.clock)().toISOString(),
        bucket: options.bucket,
        key,
        ...(etag ? { eTag: etag } : {}),
      },
      deps,
    );
    totals.keys += 1;
    for (const outcome of outcomes) {
      if (outcome.outcome === 'recorded') totals.recorded += 1;
      else if (outcome.outcome === 'duplicate') totals.duplicates += 1;
      else totals.ignored += 1;
    }
    options.onProgress?.({ keys: totals.keys, recorded: totals.recorded, key });
  }
  return totals;
}
