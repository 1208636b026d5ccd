// Distributed backfill, locally: 10,000 object versions (2,000 stories × 5 revisions) in the
// embedded S3 stand-in, a listing manifest in the inventory columns (as `redline backfill
// --distributed` writes it), read and batched as the state machine's Distributed Map does
// (200 rows per child, 8 children at once), each batch handed to the Lambda handler of the
// backfill state machine (lambdas/handlers/backfill-batch.ts) against the in-process stand-ins.
// Printed: the rate, the rate of a second run (everything already recorded), and the rate of the
// one-process `redline backfill` walk on 2,000 objects of the same shape measured in the same run.
// Checked: every version recorded once, in S3's order, chains intact; the second run records nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EMBEDDED_CREDENTIALS, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { ensureBucket } from '../../lambdas/adapters/provision.ts';
import { writeVersionListing } from '../../lambdas/adapters/version-manifest.ts';
import { backfill, type BatchBackfillResult } from '../../lambdas/app/backfill.ts';
import { runDistributedMapLocally } from '../support/distributed-map.ts';
import { checkLedger } from './ledger-check.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const STORIES = QUICK ? 200 : 2000;
const REVISIONS = 5;
const BASELINE_STORIES = STORIES / 5;
const ROWS_PER_BATCH = 200;
const CONCURRENCY = 8;
const BACKFILL_BUCKET = 'redline-backfill';

function revisionText(story: number, revision: number): string {
  return `Storm in district ${story}\n\nAt least ${10 + revision * 3} homes lost power on ${['Monday', 'Tuesday'][revision % 2]}, officials said.\n\nCrews expect to restore supply by ${18 + revision}:00.`;
}

async function upload(embedded: EmbeddedRedline, prefix: string, stories: number): Promise<number> {
  const started = performance.now();
  for (let revision = 0; revision < REVISIONS; revision++) {
    const puts: Promise<unknown>[] = [];
    for (let story = 0; story < stories; story++) {
      puts.push(embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: `stories/${prefix}/story-${story}.txt`, Body: revisionText(story, revision) })));
      if (puts.length >= 32) await Promise.all(puts.splice(0));
    }
    await Promise.all(puts);
  }
  return (performance.now() - started) / 1000;
}

export async function run(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-backfill-bench-'));
  const embedded = await EmbeddedRedline.start({ dataDir: join(dir, 'store'), autoIngest: false });
  const savedEnv = { ...process.env };
  try {
    const objects = STORIES * REVISIONS;
    const uploadSeconds = await upload(embedded, 'dist', STORIES);
    console.log(`uploaded ${objects} object versions (${STORIES} stories × ${REVISIONS}) in ${uploadSeconds.toFixed(1)} s; nothing recorded yet`);
    await ensureBucket(embedded.clients.s3, BACKFILL_BUCKET, { versioning: false });
    const manifest = { bucket: BACKFILL_BUCKET, key: 'manifests/bench.csv' };
    const listing = await writeVersionListing(embedded.clients.s3, { bucket: embedded.names.uploadBucket, prefix: 'stories/dist/', to: manifest });
    console.log(`manifest: ${listing.rows} rows, ${listing.keys} keys, ${(listing.bytes / 1024).toFixed(0)} KiB`);

    // The backfill state machine's Lambda handler, configured as the stack configures it, on the stand-ins.
    Object.assign(process.env, {
      REDLINE_UPLOAD_BUCKET: embedded.names.uploadBucket,
      REDLINE_TABLE: embedded.names.tableName,
      REDLINE_ARCHIVE_BUCKET: embedded.names.archiveBucket,
      REDLINE_S3_ENDPOINT: embedded.endpoints.s3,
      REDLINE_DYNAMODB_ENDPOINT: embedded.endpoints.dynamodb,
      AWS_REGION: embedded.names.region,
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      // The handler logs a JSON line per batch at INFO; failures still print.
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
    const { handler } = (await import('../../lambdas/handlers/backfill-batch.ts')) as { handler: (event: unknown) => Promise<BatchBackfillResult> };
    const options = { s3: embedded.clients.s3, manifest, rowsPerBatch: ROWS_PER_BATCH, maxConcurrency: CONCURRENCY };
    let started = performance.now();
    const first = await runDistributedMapLocally(options, handler);
    const firstSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const second = await runDistributedMapLocally(options, handler);
    const secondSeconds = (performance.now() - started) / 1000;
    const recorded = (report: typeof first) => report.succeeded.reduce((sum, { output }) => sum + output.recorded, 0);
    const rate = recorded(first) / firstSeconds;
    console.log(`distributed backfill, local (${ROWS_PER_BATCH} rows per child, ${CONCURRENCY} children at once, ${first.batches} children): ${rate.toFixed(1)} versions/s, ${(STORIES / firstSeconds).toFixed(1)} keys/s (${firstSeconds.toFixed(1)} s, ${recorded(first)} recorded, ${first.failed.length} failed batches)`);
    console.log(`  second run (all recorded): ${(objects / secondSeconds).toFixed(1)} versions/s checked (${secondSeconds.toFixed(1)} s, ${recorded(second)} recorded, ${second.failed.length} failed batches)`);

    // Baseline in the same run: the one-process walk (`redline backfill`) on objects of the same shape.
    await upload(embedded, 'walk', BASELINE_STORIES);
    started = performance.now();
    const walk = await backfill(embedded.deps(), { bucket: embedded.names.uploadBucket, prefix: 'stories/walk/' });
    const walkSeconds = (performance.now() - started) / 1000;
    const walkRate = walk.recorded / walkSeconds;
    console.log(`baseline, one-process redline backfill on ${BASELINE_STORIES * REVISIONS} versions: ${walkRate.toFixed(1)} versions/s (${walkSeconds.toFixed(1)} s) → distributed local = ${(rate / walkRate).toFixed(2)}× (2 cores shared; on AWS each child is its own Lambda)`);

    const check = await checkLedger(embedded.deps().ledger, 'dist/story-', STORIES, REVISIONS, revisionText);
    const intact = recorded(first) === objects && first.failed.length === 0 && recorded(second) === 0 && second.failed.length === 0 && check.lost + check.duplicated + check.misordered + check.brokenLinks === 0;
    console.log(`  ledger: lost ${check.lost}, duplicated ${check.duplicated}, misordered ${check.misordered}, broken chain links ${check.brokenLinks}; second run recorded ${recorded(second)} ${intact ? 'PASS' : 'FAIL'}`);
    return intact;
  } finally {
    process.env = savedEnv;
    await embedded.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
