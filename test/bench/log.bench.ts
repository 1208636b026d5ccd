// The transparency log's costs on the embedded store (dynalite): integration throughput, stored
// bytes per leaf, tiles read per proof, and the upload → checkpoint delay under `redline start`'s
// timer. Targets from issue 10: ≥ 2,000 leaves/s, ≤ 100 bytes/leaf, ≤ 2 s delay, O(log n) reads.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import { integratorDeps } from '../../lambdas/app/log-wiring.ts';
import { integrateLog, proveRecord } from '../../lambdas/app/transparency-log.ts';
import { startLogTimer } from '../../lambdas/local/log-timer.ts';
import { keys } from '../../lambdas/adapters/table-keys.ts';
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
    // Prepare: LEAVES pending version items, as ingest writes them (the fields the log reads)
    const recordedAt = new Date().toISOString();
    const items = Array.from({ length: LEAVES }, (_, i) => {
      const storyId = `bench/story-${i % 500}`;
      const version = Math.floor(i / 500) + 1;
      return {
        PK: keys.story(storyId),
        SK: keys.version(version),
        GSI1PK: keys.logPending,
        GSI1SK: keys.logPendingSort(recordedAt, storyId, version),
        storyId,
        version,
        recordedAt,
        chainHash: createHash('sha256').update(`record ${i}`).digest('hex'),
      };
    });
    for (let i = 0; i < items.length; i += 25) {
      await documents.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }

    // Integration throughput (one run: lease, read pending, tiles, sign, commit, mark each record)
    const started = performance.now();
    const result = await integrateLog(deps, { maxLeaves: LEAVES });
    const seconds = (performance.now() - started) / 1000;
    const rate = result.integrated / seconds;
    console.log(`integration: ${result.integrated} leaves in ${seconds.toFixed(2)} s = ${rate.toFixed(0)} leaves/s (target ≥ 2,000: ${(rate / 2000).toFixed(2)}×)`);
    if (rate < 2000) passed = false;

    // Stored bytes per leaf: every LOG item (tiles, leaf keys, state, checkpoint history) + logIndex on the records
    let logBytes = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(new QueryCommand({ TableName: table, KeyConditionExpression: 'PK = :log', ExpressionAttributeValues: { ':log': keys.log }, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) logBytes += itemBytes(item);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const marked = (await documents.send(new GetCommand({ TableName: table, Key: { PK: items[0]!.PK, SK: items[0]!.SK } }))).Item!;
    const perLeaf = logBytes / LEAVES + itemBytes({ logIndex: marked.logIndex as number });
    console.log(`storage: ${logBytes} bytes of log items for ${LEAVES} leaves + logIndex on each record = ${perLeaf.toFixed(1)} bytes/leaf (target ≤ 100: ${(perLeaf / 100).toFixed(2)}×)`);
    if (perLeaf > 100) passed = false;

    // Tiles read per inclusion proof, against log2(n)
    let tilesRead = 0;
    const counting = { ...deps, log: Object.assign(Object.create(deps.log) as typeof deps.log, { readTiles: (refs: Parameters<typeof deps.log.readTiles>[0]) => ((tilesRead += refs.length), deps.log.readTiles(refs)) }) };
    const sample = [0, Math.floor(LEAVES / 3), LEAVES - 1].map((i) => items[i]!);
    const reads: number[] = [];
    const proofStarted = performance.now();
    for (const item of sample) {
      tilesRead = 0;
      await proveRecord({ storyId: item.storyId, version: item.version, chainHash: item.chainHash } as VersionRecord, counting);
      reads.push(tilesRead);
    }
    console.log(`proofs: ${reads.join(', ')} tile items read per inclusion proof (each ≤ 8 KB) at n = ${LEAVES}; log2(n) = ${Math.log2(LEAVES).toFixed(1)}; ${((performance.now() - proofStarted) / sample.length).toFixed(1)} ms each`);
    if (reads.some((r) => r > Math.ceil(Math.log2(LEAVES)))) passed = false;

    // Upload → signed checkpoint under the embedded timer
    const timer = startLogTimer(deps, { onError: (error) => console.error(error) });
    const delays: number[] = [];
    for (let i = 0; i < (QUICK ? 3 : 10); i++) {
      const uploaded = performance.now();
      await embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: 'stories/bench/delay.txt', Body: Buffer.from(`Delay\n\nRevision ${i}: ${i * 7} people.`) }));
      const key = { PK: keys.story('bench/delay'), SK: keys.version(i + 1) };
      for (;;) {
        const item = (await documents.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;
        if (typeof item?.logIndex === 'number') break;
        await sleep(20);
      }
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
