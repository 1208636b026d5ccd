// Runs a Distributed Map's item side locally, the way the backfill state machine configures it:
// the CSV item reader (headers given: the inventory columns), the ItemBatcher (rows per batch), at
// most `maxConcurrency` children at once, each child retried once more when it fails (the task's
// States.ALL retry), and a report of the succeeded and failed batches (what ResultWriter writes).
// The rows come through the real S3 API; the child is whatever batch processor the caller passes
// (the Lambda handler itself, or the use case for fault injection).
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { parse } from 'csv-parse/sync';
import { INVENTORY_COLUMNS } from '../../lambdas/core/inventory.ts';

export interface LocalMapOptions {
  readonly s3: S3Client;
  readonly manifest: { readonly bucket: string; readonly key: string };
  readonly rowsPerBatch: number;
  readonly maxConcurrency: number;
  /** Attempts per batch (the state machine retries States.ALL once: 2). */
  readonly maxAttempts?: number;
  /** Reorders the rows before batching (to check that order in the manifest does not matter). */
  readonly reorder?: (rows: Record<string, string>[]) => Record<string, string>[];
}

export interface LocalMapReport<T> {
  readonly rows: number;
  readonly batches: number;
  readonly succeeded: { readonly batch: number; readonly output: T }[];
  readonly failed: { readonly batch: number; readonly error: string }[];
}

/** Reads a headerless inventory-style CSV manifest from S3 into rows named by the inventory columns. */
export async function readCsvManifest(s3: S3Client, manifest: { bucket: string; key: string }): Promise<Record<string, string>[]> {
  const object = await s3.send(new GetObjectCommand({ Bucket: manifest.bucket, Key: manifest.key }));
  const text = await object.Body!.transformToString();
  return parse(text, { columns: [...INVENTORY_COLUMNS], relax_column_count: true, skip_empty_lines: true }) as Record<string, string>[];
}

export async function runDistributedMapLocally<T>(options: LocalMapOptions, child: (batch: { Items: Record<string, string>[] }) => Promise<T>): Promise<LocalMapReport<T>> {
  const read = await readCsvManifest(options.s3, options.manifest);
  const rows = options.reorder ? options.reorder(read) : read;
  const batches: Record<string, string>[][] = [];
  for (let start = 0; start < rows.length; start += options.rowsPerBatch) batches.push(rows.slice(start, start + options.rowsPerBatch));
  const succeeded: { batch: number; output: T }[] = [];
  const failed: { batch: number; error: string }[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < batches.length; index = next++) {
      let lastError: unknown;
      for (let attempt = 1; attempt <= (options.maxAttempts ?? 2); attempt++) {
        try {
          succeeded.push({ batch: index, output: await child({ Items: batches[index]! }) });
          lastError = undefined;
          break;
        } catch (error) {
          lastError = error;
        }
      }
      if (lastError !== undefined) failed.push({ batch: index, error: lastError instanceof Error ? `${lastError.name}: ${lastError.message}` : String(lastError) });
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.maxConcurrency, batches.length) }, worker));
  return { rows: rows.length, batches: batches.length, succeeded: succeeded.sort((a, b) => a.batch - b.batch), failed: failed.sort((a, b) => a.batch - b.batch) };
}
