// Load test of the ledger through the embedded pipeline: many stories × many revisions uploaded
// through the S3 API, recorded by the same ingest code as on Lambda. Reports revisions/s, upload →
// record latency, and lost / duplicated / misordered versions (all three must be 0).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { readHistory } from '../../lambdas/cli/history.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { normalizeRevision, renderCanonical } from '../../lambdas/core/engine/index.ts';

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

export async function run(): Promise<boolean> {
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

    let lost = 0;
    let duplicated = 0;
    let misordered = 0;
    for (let story = 0; story < STORIES; story++) {
      const records = await readHistory(embedded.deps().ledger, `load/story-${story}`);
      const expected = Array.from({ length: REVISIONS }, (_, r) => sha256Hex(renderCanonical(normalizeRevision(Buffer.from(revisionText(story, r)), 'text'))));
      const seen = records.map((r) => r.sha256);
      lost += expected.filter((hash) => !seen.includes(hash)).length;
      duplicated += seen.length - new Set(seen).size;
      misordered += seen.filter((hash, i) => hash !== expected[i]).length;
    }
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
    console.log(`${STORIES} stories × ${REVISIONS} revisions = ${total} revisions, ${CONCURRENT_STORIES} stories uploading at once, embedded s3rver + dynalite`);
    console.log(`throughput:           ${(total / seconds).toFixed(1)} revisions/s (${seconds.toFixed(1)} s)`);
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
