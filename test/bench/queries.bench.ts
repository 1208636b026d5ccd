// Query latency for a 1,000-version story on the embedded store (s3rver + dynalite): history page,
// one version, compare (neighbours and far apart), changes across stories, stories, verify.
// Records are built with the same core functions ingest uses (compare, patch, chain) and written
// through the real Ledger and Archive adapters, so the queries read exactly what ingest writes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareDocuments, renderCanonical, type StoryDocument } from '../../lambdas/core/engine/index.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { chainRecord, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { queryDeps } from '../../lambdas/app/query-wiring.ts';
import { compareVersions, getVersion, listChanges, listStories, storyHistory, verificationStatus } from '../../lambdas/app/queries.ts';

const VERSIONS = Number(process.env.BENCH_QUERY_VERSIONS ?? 1000);
const RUNS = 30;
const STORY = 'bench/long-running-story';

function documentAt(version: number): StoryDocument {
  const paragraphs = 12 + Math.floor(version / 50);
  const body = Array.from({ length: paragraphs }, (_, p) => {
    const figure = p === version % paragraphs ? 100 + version : 100 + p;
    return `Paragraph ${p + 1} reports that ${figure} households in district ${p} were affected, officials said on the record. "We are counting every house," said the district chief, adding that crews would work through the night and that the figure could change again.`;
  });
  const note = version % 7 === 0 ? [] : [`Update ${version}: figures revised.`];
  return { headline: `Flood story, revision ${version}`, byline: 'By Bench Desk', body: [...body, ...note] };
}

async function buildStory(embedded: EmbeddedRedline): Promise<void> {
  const { ledger, archive } = embedded.deps();
  const start = Date.now() - VERSIONS * 3 * 60_000;
  let previous: VersionRecord | undefined;
  let previousDoc: StoryDocument | undefined;
  for (let version = 1; version <= VERSIONS; version++) {
    const doc = documentAt(version);
    const canonical = renderCanonical(doc);
    const sha256 = sha256Hex(canonical);
    await archive.putCanonical(sha256, canonical);
    const change = compareDocuments(previousDoc, doc);
    const eventTime = new Date(start + version * 3 * 60_000).toISOString();
    const record = chainRecord(
      {
        storyId: STORY,
        version,
        status: 'recorded',
        eventTime,
        recordedAt: eventTime,
        source: { bucket: 'bench', key: `stories/${STORY}.md`, eventName: 'ObjectCreated:Put' },
        editor: version % 7 === 0 ? 'Night desk' : 'Day desk',
        ...(version % 7 === 0 ? {} : { note: `Update ${version}` }),
        format: 'markdown',
        headline: doc.headline,
        sha256,
        canonicalBytes: Buffer.byteLength(canonical),
        content: { version, sha256 },
        ...(previous?.content ? { comparedWith: previous.content } : {}),
        change: change.summary,
        patch: change.patch,
      },
      previous,
    );
    await ledger.append(record);
    await ledger.rollForward(record);
    previous = record;
    previousDoc = doc;
  }
}

async function measure(name: string, action: () => Promise<unknown>): Promise<{ name: string; median: number; p95: number }> {
  await action(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await action();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { name, median: times[Math.floor(RUNS / 2)]!, p95: times[Math.ceil(RUNS * 0.95) - 1]! };
}

export async function run(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-query-bench-'));
  const embedded = await EmbeddedRedline.start({ dataDir });
  try {
    const built = performance.now();
    await buildStory(embedded);
    console.log(`built a ${VERSIONS}-version story in ${((performance.now() - built) / 1000).toFixed(1)} s (embedded s3rver + dynalite)`);
    const deps = queryDeps(embedded.clients, { tableName: embedded.names.tableName, archiveBucket: embedded.names.archiveBucket });
    const deepCursor = (await storyHistory(deps, STORY, { limit: 50, order: 'newest' })).cursor;
    const results = [
      await measure('history: newest 50', () => storyHistory(deps, STORY, { limit: 50 })),
      await measure('history: next 50 (cursor)', () => storyHistory(deps, STORY, { limit: 50, cursor: deepCursor })),
      await measure('one version + canonical text', () => getVersion(deps, STORY, Math.ceil(VERSIONS / 2))),
      await measure(`compare v${VERSIONS - 1} → v${VERSIONS}`, () => compareVersions(deps, STORY, VERSIONS - 1, VERSIONS)),
      await measure(`compare v1 → v${VERSIONS}`, () => compareVersions(deps, STORY, 1, VERSIONS)),
      await measure('changes: newest 50, 7-day window', () => listChanges(deps, { since: '7d', limit: 50 })),
      await measure('changes: stealth, newest 50', () => listChanges(deps, { since: '7d', filter: { stealth: true }, limit: 50 })),
      // The first page's index check alone (issue 12 M7): reads every version recorded in the window.
      await measure('index check of a 7-day window', () => deps.queries.unindexedVersions({ from: new Date(Date.now() - 7 * 86_400_000).toISOString(), to: new Date().toISOString(), maxStories: 200 })),
      await measure('stories: first page', () => listStories(deps, { limit: 50 })),
    ];
    const verifyStarted = performance.now();
    const verification = await verificationStatus(deps, STORY);
    const verifyMs = performance.now() - verifyStarted;
    console.log(`${'query'.padEnd(36)} ${'median ms'.padStart(10)} ${'p95 ms'.padStart(8)}   (${RUNS} runs each)`);
    for (const r of results) console.log(`${r.name.padEnd(36)} ${r.median.toFixed(1).padStart(10)} ${r.p95.toFixed(1).padStart(8)}`);
    console.log(`${`verify all ${verification.versions} versions`.padEnd(36)} ${verifyMs.toFixed(0).padStart(10)}          (one run; ok=${verification.ok})`);
    return verification.ok;
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
