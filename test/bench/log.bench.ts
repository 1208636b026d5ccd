// The transparency log's costs on the embedded store (dynalite): integration throughput, stored
// bytes per leaf, tiles read per proof, and the upload → checkpoint delay under `redline start`'s
// timer. Targets from issue 10: ≥ 2,000 leaves/s, ≤ 100 bytes/leaf, ≤ 2 s delay, O(log n) reads.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import { integratorDeps } from '../../lambdas/app/log-wiring.ts';
import { integrateLog, proveRecord } from '../../lambdas/app/transparency-log.ts';
import { startLogTimer } from '../../lambdas/local/log-timer.ts';
import { keys } from '../../lambdas/adapters/table-keys.ts';
import { logQueueUpdate } from '../../lambdas/adapters/dynamodb-log.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const LEAVES = QUICK ? 2_000 : 10_000;

/** DynamoDB's item size rule: attribute names plus values (strings UTF-8, binary raw, numbers ~ digits/2+1). */
function itemBytes(item: Record<string, unknown>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) bytes += value.length;
    else if (typeof value === 'number') bytes += Math.ceil(String(value).length / 2) + 1;
  }
  return bytes;
}

export async function run(): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-log-bench-'));
  const embedded = await EmbeddedRedline.start({ dataDir });
  const documents = embedded.clients.documents;
  const table = embedded.names.tableName;
  const deps = integratorDeps(documents, table, LocalKeySigner.openOrCreate(dataDir, { origin: 'bench.example/log' }));
  let passed = true;
  try {
    // Integration throughput in two shapes of LEAVES version records (the fields the log reads) and
    // the queue entries their writers leave (one per story, each version one attribute): 500 stories
    // × 20 versions, and one version each of LEAVES stories (most stories get few revisions between
    // checkpoints: per leaf a leaf-index block read and written, a queue entry deleted, a re-check).
    // Writing each shape's records and queue entries is its same-run baseline. Both must reach 2,000.
    const recordedAt = new Date().toISOString();
    const versionItem = (storyId: string, version: number, seed: string) =>
      ({ PK: keys.story(storyId), SK: keys.version(version), itemType: 'version', storyId, version, recordedAt, chainHash: createHash('sha256').update(seed).digest('hex') });
    type Item = ReturnType<typeof versionItem>;
    const writeRecords = async (records: Item[]): Promise<number> => {
      const writeStarted = performance.now();
      for (let i = 0; i < records.length; i += 25) {
        await documents.send(new BatchWriteCommand({ RequestItems: { [table]: records.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
      }
      const byStory = new Map<string, Item[]>();
      for (const record of records) byStory.set(record.storyId, [...(byStory.get(record.storyId) ?? []), record]);
      for (const versions of byStory.values()) await documents.send(new UpdateCommand(logQueueUpdate(table, versions)));
      return records.length / ((performance.now() - writeStarted) / 1000);
    };
    const items = Array.from({ length: LEAVES }, (_, i) => versionItem(`bench/story-${i % 500}`, Math.floor(i / 500) + 1, `record ${i}`));
    const singles = Array.from({ length: LEAVES }, (_, i) => versionItem(`bench/single-${i}`, 1, `single ${i}`));
    /** Bytes of every LOG item (tiles, leaf keys, state, checkpoint history), in all and by kind. */
    const logBytes = async (): Promise<{ total: number; tiles: number; leafKeys: number }> => {
      const bytes = { total: 0, tiles: 0, leafKeys: 0 };
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :log', ExpressionAttributeValues: { ':log': keys.log }, ExclusiveStartKey: startKey }));
        for (const item of page.Items ?? []) {
          const size = itemBytes(item);
          bytes.total += size;
          if (String(item.SK).startsWith('TILE#')) bytes.tiles += size;
          if (String(item.SK).startsWith('LEAVES#')) bytes.leafKeys += size;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return bytes;
    };
    const shapes = [
      { shape: `500 stories × ${LEAVES / 500} versions`, records: items, storyIds: Array.from({ length: 500 }, (_, i) => `bench/story-${i}`) },
      { shape: `${LEAVES} stories × 1 version`, records: singles, storyIds: singles.map((record) => record.storyId) },
    ];
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(', ')} on ${cpus().length} cores`);
    let logBytesBefore = { total: 0, tiles: 0, leafKeys: 0 };
    for (const { shape, records, storyIds } of shapes) {
      const writeRate = await writeRecords(records);
      // one run: lease, read the queue, confirm, tiles, sign, commit, story leaf indexes, dequeue + re-check
      const started = performance.now();
      const result = await integrateLog(deps, { maxLeaves: LEAVES });
      const seconds = (performance.now() - started) / 1000;
      const rate = result.integrated / seconds;
      console.log(`baseline (${shape}): writing the ${LEAVES} records (BatchWriteItem) and their stories' queue entries = ${writeRate.toFixed(0)} records/s`);
      console.log(`integration (${shape}): ${result.integrated} leaves in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} leaves/s (${(rate / writeRate).toFixed(2)}× the baseline; target ≥ 2,000: ${(rate / 2000).toFixed(2)}×${rate < 2000 ? ', FAILED' : ''})`);
      if (rate < 2000 || result.integrated !== LEAVES) passed = false;

      // Stored bytes per leaf of this shape: the LOG items it added + its stories' leaf indexes (the queue is empty again)
      const logNow = await logBytes();
      const logAdded = logNow.total - logBytesBefore.total;
      const [tilesAdded, leafKeysAdded] = [logNow.tiles - logBytesBefore.tiles, logNow.leafKeys - logBytesBefore.leafKeys];
      logBytesBefore = logNow;
      let indexBytes = 0;
      for (const storyId of storyIds) {
        const item = (await documents.send(new GetCommand({ TableName: table, Key: { PK: keys.story(storyId), SK: keys.storyLeaves(1) } }))).Item;
        if (item) indexBytes += itemBytes(item);
      }
      const queued = (await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :q', ExpressionAttributeValues: { ':q': keys.logQueue }, Select: 'COUNT' }))).Count ?? 0;
      const perLeaf = (logAdded + indexBytes) / LEAVES;
      console.log(
        `storage (${shape}): ${logAdded} bytes of log items (tiles ${tilesAdded}, leaf keys ${leafKeysAdded}) + ${indexBytes} bytes of story leaf indexes (${queued} queue entries left) = ` +
          `${perLeaf.toFixed(1)} bytes/leaf (target ≤ 100: ${(perLeaf / 100).toFixed(2)}×${perLeaf > 100 ? ', FAILED' : ''})`,
      );
      if (perLeaf > 100 || queued !== 0) passed = false;
    }

    // Tiles read per inclusion proof, against log2(n)
    let tilesRead = 0;
    const counting = { ...deps, log: Object.assign(Object.create(deps.log) as typeof deps.log, { readTiles: (refs: Parameters<typeof deps.log.readTiles>[0]) => ((tilesRead += refs.length), deps.log.readTiles(refs)) }) };
    const sample = [items[0]!, items[Math.floor(LEAVES / 3)]!, singles[LEAVES - 1]!];
    const reads: number[] = [];
    const proofStarted = performance.now();
    for (const item of sample) {
      tilesRead = 0;
      await proveRecord({ storyId: item.storyId, version: item.version, chainHash: item.chainHash } as VersionRecord, counting);
      reads.push(tilesRead);
    }
    console.log(`proofs: ${reads.join(', ')} tile items read per inclusion proof (each ≤ 8 KB) at n = ${2 * LEAVES}; log2(n) = ${Math.log2(2 * LEAVES).toFixed(1)}; ${((performance.now() - proofStarted) / sample.length).toFixed(1)} ms each`);
    if (reads.some((r) => r > Math.ceil(Math.log2(2 * LEAVES)))) passed = false;

    // Upload → signed checkpoint under the embedded timer
    const timer = startLogTimer(deps, { onError: (error) => console.error(error) });
    const delays: number[] = [];
    for (let i = 0; i < (QUICK ? 3 : 10); i++) {
      const uploaded = performance.now();
      await embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: 'stories/bench/delay.txt', Body: Buffer.from(`Delay\n\nRevision ${i}: ${i * 7} people.`) }));
      while ((await deps.log.leafIndexOf('bench/delay', i + 1)) === undefined) await sleep(20);
      delays.push(performance.now() - uploaded);
    }
    await timer.stop();
    delays.sort((a, b) => a - b);
    const worst = delays.at(-1)!;
    console.log(`upload → in a signed checkpoint (redline start timer): median ${delays[Math.floor(delays.length / 2)]!.toFixed(0)} ms, max ${worst.toFixed(0)} ms (target ≤ 2,000: ${(worst / 2000).toFixed(2)}×)`);
    if (worst > 2000) passed = false;
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return passed;
}
