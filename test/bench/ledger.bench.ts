// Load test of the ledger through the embedded pipeline: many stories × many revisions uploaded
// through the S3 API, recorded by the same ingest code as on Lambda. Reports revisions/s, upload →
// record latency, and lost / duplicated / misordered versions (all three must be 0).
//
// Two loads:
//  - live: `redline start` as it runs (embedded pipeline + the transparency-log timer) while a
//    newsroom uploads at a fixed pace (100 revisions/s across 40 stories) from another thread —
//    the target: it keeps up (records ≥ 100/s) with p99 upload → record ≤ 1 s, measured from each
//    upload's scheduled time (a late upload counts as late);
//  - burst: 8 stories uploading back to back as fast as the stand-in takes them (the capacity).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { startLogTimer } from '../../lambdas/local/log-timer.ts';
import { integratorDeps } from '../../lambdas/app/log-wiring.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import type { IngestOutcome } from '../../lambdas/app/ingest.ts';
import { checkLedger } from './ledger-check.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const STORIES = QUICK ? 10 : 40;
const REVISIONS = QUICK ? 10 : 25;
/** How many stories upload at once (each story's revisions go one after another, as a CMS sends them). */
const CONCURRENT_STORIES = 8;

function revisionText(story: number, revision: number): string {
  const paragraphs = Array.from({ length: 12 }, (_, p) => `Paragraph ${p} of story ${story}: officials said ${100 + p * 3 + (p === revision % 12 ? revision : 0)} people were affected by the flooding in the region.`);
  if (revision > 0) paragraphs.push(`Update ${revision}: the count was revised at ${10 + revision}:00.`);
  return `Floods in district ${story}\n\n${paragraphs.join('\n\n')}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const LIVE_RATE = 100;
const LIVE_SECONDS = QUICK ? 8 : 20;
const LIVE_STORIES = 40;
const LIVE_P99_TARGET_MS = 1000;

/**
 * The newsroom: a worker thread (its own event loop and SDK client, as another process would be)
 * that PUTs upload i at `start + i / rate`, story i mod 40, each story's revisions one after another.
 */
const UPLOADER = `
const { workerData, parentPort } = require('node:worker_threads');
const { S3Client, PutObjectCommand } = require(workerData.sdk);
const s3 = new S3Client({ endpoint: workerData.endpoint, region: workerData.region, forcePathStyle: true, credentials: workerData.credentials, requestChecksumCalculation: 'WHEN_REQUIRED' });
const previous = new Map();
const sends = workerData.bodies.map((body, i) => new Promise((resolve) => {
  const at = workerData.start + (i * 1000) / workerData.rate - (performance.timeOrigin + performance.now());
  setTimeout(resolve, Math.max(0, at));
}).then(() => {
  const story = i % workerData.stories;
  const upload = (previous.get(story) ?? Promise.resolve()).then(() =>
    s3.send(new PutObjectCommand({ Bucket: workerData.bucket, Key: 'stories/live/story-' + story + '.txt', Body: body })));
  previous.set(story, upload);
  return upload;
}));
Promise.all(sends).then(() => parentPort.postMessage('done'), (error) => parentPort.postMessage(String(error)));
`;

async function liveLoad(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-live-'));
  const total = LIVE_RATE * LIVE_SECONDS;
  const perStory = total / LIVE_STORIES;
  const bodies = Array.from({ length: total }, (_, i) => revisionText(i % LIVE_STORIES, Math.floor(i / LIVE_STORIES)));
  const latencies: number[] = [];
  let lastRecordedAt = 0;
  let start = 0;
  const now = () => performance.timeOrigin + performance.now();
  const embedded = await EmbeddedRedline.start({
    dataDir,
    onRecorded: (outcomes: IngestOutcome[]) => {
      for (const outcome of outcomes) {
        if (outcome.outcome !== 'recorded' || !outcome.storyId.startsWith('live/')) continue;
        const story = Number(outcome.storyId.slice('live/story-'.length));
        const scheduled = start + (((outcome.version - 1) * LIVE_STORIES + story) * 1000) / LIVE_RATE;
        lastRecordedAt = now();
        latencies.push(lastRecordedAt - scheduled);
      }
    },
  });
  // As `redline start` runs: the log integrator signs a checkpoint every 500 ms meanwhile.
  const logTimer = startLogTimer(integratorDeps(embedded.clients.documents, EMBEDDED_NAMES.tableName, LocalKeySigner.openOrCreate(dataDir)), {
    onError: (error) => console.error('log integration failed', error),
  });
  try {
    const cpuBefore = process.cpuUsage();
    start = now() + 500;
    const uploader = new Worker(UPLOADER, {
      eval: true,
      workerData: {
        sdk: createRequire(import.meta.url).resolve('@aws-sdk/client-s3'),
        endpoint: embedded.endpoints.s3,
        region: EMBEDDED_NAMES.region,
        credentials: EMBEDDED_CREDENTIALS,
        bucket: EMBEDDED_NAMES.uploadBucket,
        bodies,
        rate: LIVE_RATE,
        stories: LIVE_STORIES,
        start,
      },
    });
    const finished = await new Promise<unknown>((resolve, reject) => {
      uploader.once('message', resolve);
      uploader.once('error', reject);
    });
    const uploadsDone = now();
    await uploader.terminate();
    if (finished !== 'done') throw new Error(`uploader failed: ${String(finished)}`);
    await embedded.idle();
    const cpu = process.cpuUsage(cpuBefore);
    const { lost, duplicated, misordered } = await checkLedger(embedded.deps().ledger, 'live/story-', LIVE_STORIES, perStory, (story, r) => bodies[r * LIVE_STORIES + story]!);
    const sorted = [...latencies].sort((a, b) => a - b);
    const seconds = (lastRecordedAt - start) / 1000;
    const rate = total / seconds;
    const p99 = percentile(sorted, 99);
    const ok = lost === 0 && duplicated === 0 && misordered === 0 && latencies.length === total && rate >= LIVE_RATE * 0.98 && p99 <= LIVE_P99_TARGET_MS;
    console.log(`live: ${LIVE_RATE} uploads/s offered for ${LIVE_SECONDS} s across ${LIVE_STORIES} stories (${total} revisions) from a worker thread; \`redline start\` pipeline + log timer; load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores`);
    console.log(`  uploads sent by ${((uploadsDone - start) / 1000).toFixed(1)} s, last recorded at ${seconds.toFixed(1)} s → ${rate.toFixed(1)} revisions/s recorded`);
    console.log(`  upload→record latency (from the scheduled upload time): p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms (${latencies.length} measured)`);
    console.log(`  ${cpuPerRevision(cpu, total)}`);
    console.log(`  lost ${lost}, duplicated ${duplicated}, misordered ${misordered}`);
    console.log(`${ok ? 'PASS' : 'FAIL'}  live uploads: ≥ ${LIVE_RATE} revisions/s recorded (≥ 98 % of the offered pace), p99 ≤ ${LIVE_P99_TARGET_MS} ms, nothing lost, duplicated or misordered`);
    return ok;
  } finally {
    await logTimer.stop();
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * CPU of the whole process (every thread: stand-ins, pump, log timer and the uploader) per
 * revision, and the rate that would allow with every core free: what the load average cannot blur.
 */
function cpuPerRevision(cpu: NodeJS.CpuUsage, revisions: number): string {
  const ms = (cpu.user + cpu.system) / 1000 / revisions;
  return `CPU per revision, all threads: ${ms.toFixed(1)} ms (user ${(cpu.user / 1000 / revisions).toFixed(1)}, system ${(cpu.system / 1000 / revisions).toFixed(1)}) → at most ${((cpus().length * 1000) / ms).toFixed(0)} revisions/s on ${cpus().length} free cores`;
}

export async function run(): Promise<boolean> {
  const live = await liveLoad();
  return (await burst()) && live;
}

async function burst(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-load-'));
  const uploadedAt = new Map<string, number>();
  const latencies: number[] = [];
  const embedded = await EmbeddedRedline.start({
    dataDir,
    onRecorded: (outcomes) => {
      const now = performance.now();
      for (const outcome of outcomes) {
        if (outcome.outcome !== 'recorded') continue;
        const started = uploadedAt.get(`${outcome.storyId}#${outcome.version}`);
        if (started !== undefined) latencies.push(now - started);
      }
    },
  });
  try {
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    let next = 0;
    const uploadStory = async (story: number) => {
      for (let revision = 0; revision < REVISIONS; revision++) {
        uploadedAt.set(`load/story-${story}#${revision + 1}`, performance.now());
        await embedded.clients.s3.send(
          new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: `stories/load/story-${story}.txt`, Body: Buffer.from(revisionText(story, revision)) }),
        );
      }
    };
    await Promise.all(
      Array.from({ length: CONCURRENT_STORIES }, async () => {
        while (next < STORIES) await uploadStory(next++);
      }),
    );
    await embedded.idle();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);

    const { lost, duplicated, misordered } = await checkLedger(embedded.deps().ledger, 'load/story-', STORIES, REVISIONS, revisionText);
    const total = STORIES * REVISIONS;
    latencies.sort((a, b) => a - b);
    const burst = [...latencies];

    // A steady newsroom pace (no backlog): one revision every 100 ms across 4 live stories.
    latencies.length = 0;
    const steadyRevisions = QUICK ? 20 : 60;
    for (let i = 0; i < steadyRevisions; i++) {
      const story = STORIES + (i % 4);
      const revision = Math.floor(i / 4);
      uploadedAt.set(`load/story-${story}#${revision + 1}`, performance.now());
      await embedded.clients.s3.send(
        new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: `stories/load/story-${story}.txt`, Body: Buffer.from(revisionText(story, revision)) }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await embedded.idle();
    const steady = [...latencies].sort((a, b) => a - b);
    console.log(`burst: ${STORIES} stories × ${REVISIONS} revisions = ${total} revisions, ${CONCURRENT_STORIES} stories uploading at once, embedded s3rver + dynalite (no log timer); load average ${loadavg()[0]?.toFixed(2)}`);
    console.log(`throughput:           ${(total / seconds).toFixed(1)} revisions/s (${seconds.toFixed(1)} s)`);
    console.log(cpuPerRevision(cpu, total));
    console.log(`upload→record latency, burst (backlog): p50 ${percentile(burst, 50).toFixed(0)} ms, p99 ${percentile(burst, 99).toFixed(0)} ms (${burst.length} measured)`);
    console.log(`upload→record latency, steady 10/s:     p50 ${percentile(steady, 50).toFixed(0)} ms, p99 ${percentile(steady, 99).toFixed(0)} ms (${steady.length} measured)`);
    console.log(`lost ${lost}, duplicated ${duplicated}, misordered ${misordered}`);
    const ok = lost === 0 && duplicated === 0 && misordered === 0 && burst.length === total && steady.length === steadyRevisions;
    console.log(`${ok ? 'PASS' : 'FAIL'}  no revision lost, duplicated or misordered`);
    return ok;
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
