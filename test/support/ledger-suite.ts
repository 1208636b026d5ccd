// The ledger conformance suite: the same behaviour checks against every backend we support,
// through the real S3 upload → notification path and the real SDK clients.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ListObjectVersionsCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { ConflictRetriesExhaustedError, type IngestDeps } from '../../lambdas/app/ingest.ts';
import { runWorker } from '../../lambdas/app/worker.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { DynamoDbLedger } from '../../lambdas/adapters/dynamodb-ledger.ts';
import { recomputeChainHash, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { GENESIS_CHAIN_HASH, sha256Hex } from '../../lambdas/core/hashing.ts';
import { normalizeRevision, renderCanonical, type RevisionFormat } from '../../lambdas/core/engine/index.ts';
import { demoManifest } from '../../lambdas/cli/local-commands.ts';
import { versionsViaDynamoDb, type Harness } from './harness.ts';

const quiet = { info() {}, warn() {}, error() {} };

export function canonicalHash(body: string, format: RevisionFormat = 'text'): string {
  return sha256Hex(renderCanonical(normalizeRevision(Buffer.from(body), format)));
}

export function expectIntactChain(records: VersionRecord[]): void {
  let previous = GENESIS_CHAIN_HASH;
  records.forEach((record, index) => {
    expect(record.version).toBe(index + 1);
    expect(record.previousChainHash).toBe(previous);
    expect(recomputeChainHash(record)).toBe(record.chainHash);
    previous = record.chainHash;
  });
}

/** A seeded shuffle (mulberry32), so a failing order can be reproduced. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Delivers as SQS would: a message whose processing throws is delivered again later. */
async function deliverUntilDone(event: unknown, deps: IngestDeps): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ingestNotification(event, deps, quiet);
      return;
    } catch (error) {
      if (!(error instanceof ConflictRetriesExhaustedError) || attempt >= 5) throw error;
    }
  }
}

/** Wraps every port so that the n-th call (counted across all ports) throws, as a crash there would. */
export function withFaultAt(deps: IngestDeps, failAt: number): { deps: IngestDeps; calls: () => number } {
  let calls = 0;
  const wrap = <T extends object>(port: T, name: string): T =>
    new Proxy(port, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls += 1;
          if (calls === failAt) throw new Error(`injected crash at call ${failAt} (${name}.${String(property)})`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    deps: { ...deps, revisions: wrap(deps.revisions, 'revisions'), archive: wrap(deps.archive, 'archive'), ledger: wrap(deps.ledger, 'ledger') },
    calls: () => calls,
  };
}

export function describeLedgerConformance(open: () => Promise<Harness>): void {
  let harness: Harness;
  const versions = (storyId: string) => versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
  const deliverInOrder = async (events: unknown[], deps: IngestDeps = harness.deps) => {
    for (const event of events) await ingestNotification(event, deps, quiet);
  };
  /** S3's own order of a key's versions, oldest first. */
  const s3Order = async (key: string) => {
    const listed = await harness.clients.s3.send(new ListObjectVersionsCommand({ Bucket: harness.bucket, Prefix: key }));
    return (listed.Versions ?? []).filter((v) => v.Key === key).map((v) => v.VersionId).reverse();
  };

  beforeAll(async () => {
    harness = await open();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it('records the demo story as versions 1…5 in upload order, with an intact hash chain', async () => {
    // Prepare
    const demo = demoManifest();
    // Act: upload each revision, then process what S3 announced (through `redline worker` where S3 notifies SQS)
    for (const revision of demo.revisions) {
      await harness.put(`stories/${demo.storyId}.md`, readFileSync(join(demo.dir, revision.file)), { editor: revision.editor ?? '', ...(revision.note ? { note: revision.note } : {}) });
      if (harness.queueUrl) await runWorker({ sqs: harness.clients.sqs, queueUrl: harness.queueUrl, deps: harness.deps, log: quiet, drainAfterEmptyPolls: 1, waitTimeSeconds: 0 });
      else await deliverInOrder(await harness.takeEvents());
    }
    // Assess
    const records = await versions(demo.storyId);
    expect(records.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
    expect(records.map((r) => r.editor)).toEqual(demo.revisions.map((r) => r.editor));
    expect(records.map((r) => r.sha256)).toEqual(demo.revisions.map((r) => canonicalHash(readFileSync(join(demo.dir, r.file), 'utf8'), 'markdown')));
    expect(records.every((r) => r.status === 'recorded')).toBe(true);
    expect(records.map((r) => r.change?.stealth)).toEqual([false, false, true, false, false]);
    expectIntactChain(records);
    expect((await verifyStory(demo.storyId, harness.auditDeps ?? harness.deps)).ok).toBe(true);
  });

  it('changes nothing when every event is delivered ten more times, one after another and all at once', async () => {
    // Prepare
    const key = 'stories/replay/ferry.txt';
    for (const count of [12, 14, 13]) await harness.put(key, `Ferry capsizes\n\nAt least ${count} people were rescued.`);
    const events = await harness.takeEvents();
    await deliverInOrder(events);
    const before = await versions('replay/ferry');
    // Act
    for (let round = 0; round < 10; round++) await deliverInOrder(events);
    await Promise.all(Array.from({ length: 10 }, () => events.map((event) => deliverUntilDone(event, harness.deps))).flat());
    // Assess
    expect(before).toHaveLength(3);
    expect(await versions('replay/ferry')).toEqual(before);
  });

  it('records 20 revisions delivered in shuffled order in the order S3 applied them', async () => {
    // Prepare
    const key = 'stories/shuffle/storm.txt';
    const bodies = Array.from({ length: 20 }, (_, i) => `Storm update\n\nWind gusts reached ${80 + i} km/h at ${i} o'clock.`);
    for (const body of bodies) await harness.put(key, body);
    const events = await harness.takeEvents();
    // Act
    await deliverInOrder(shuffled(events, 20261124));
    // Assess
    const records = await versions('shuffle/storm');
    expect(records.map((r) => r.sha256)).toEqual(bodies.map((body) => canonicalHash(body)));
    expect(records.map((r) => r.source.versionId)).toEqual(await s3Order(key));
    expectIntactChain(records);
  });

  it('records 20 concurrent uploads to one story, delivered concurrently, once each in S3 order', async () => {
    // Prepare
    const key = 'stories/race/count.txt';
    const bodies = Array.from({ length: 20 }, (_, i) => `Vote count\n\nPrecinct ${i} reports ${1000 + i * 7} ballots.`);
    await Promise.all(bodies.map((body) => harness.put(key, body)));
    const events = await harness.takeEvents();
    // Act
    await Promise.all(shuffled(events, 7).map((event) => deliverUntilDone(event, harness.deps)));
    // Assess
    const records = await versions('race/count');
    expect(records).toHaveLength(20);
    expect(records.map((r) => r.sha256).sort()).toEqual(bodies.map((body) => canonicalHash(body)).sort());
    expect(records.map((r) => r.source.versionId)).toEqual(await s3Order(key));
    expectIntactChain(records);
  });

  it('finishes a revision on retry after a crash at any step, with the same ledger as an uninterrupted run', async () => {
    // Prepare: count the port calls of an uninterrupted run of two revisions
    const bodies = ['Bridge closed\n\nThe bridge will reopen on Friday.', 'Bridge closed\n\nThe bridge will reopen on Monday.'];
    for (const body of bodies) await harness.put('stories/faults/clean.txt', body);
    const cleanRun = withFaultAt(harness.deps, Number.POSITIVE_INFINITY);
    await deliverInOrder(await harness.takeEvents(), cleanRun.deps);
    const expected = (await versions('faults/clean')).map((r) => [r.version, r.status, r.sha256]);
    expect(expected).toHaveLength(2);
    // Act + Assess: crash at every call in turn, then let the retry (redelivery) finish
    for (let failAt = 1; failAt <= cleanRun.calls(); failAt++) {
      const storyId = `faults/crash-at-${failAt}`;
      for (const body of bodies) await harness.put(`stories/${storyId}.txt`, body);
      const events = await harness.takeEvents();
      const faulty = withFaultAt(harness.deps, failAt);
      await expect(deliverInOrder(events, faulty.deps)).rejects.toThrow(`injected crash at call ${failAt}`);
      await deliverInOrder(events);
      const records = await versions(storyId);
      expect(records.map((r) => [r.version, r.status, r.sha256]), `crash at call ${failAt}`).toEqual(expected);
      expectIntactChain(records);
      expect((await verifyStory(storyId, harness.auditDeps ?? harness.deps)).ok).toBe(true);
    }
  });

  it('rides out a DynamoDB throttling storm through the SDK retry strategy', async () => {
    // Prepare: a client whose first 3 requests are throttled, below the SDK's retry layer
    let throttled = 0;
    const client = new DynamoDBClient({ region: 'us-east-1', endpoint: harness.dynamodbEndpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' }, maxAttempts: 10 });
    client.middlewareStack.add(
      (next) => async (args) => {
        if (throttled < 3) {
          throttled += 1;
          throw Object.assign(new Error('Rate of requests exceeds the allowed throughput.'), { name: 'ProvisionedThroughputExceededException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
        }
        return next(args);
      },
      { step: 'deserialize', name: 'injectThrottling' },
    );
    const deps = { ...harness.deps, ledger: new DynamoDbLedger(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), harness.tableName) };
    await harness.put('stories/throttle/heatwave.txt', 'Heatwave\n\nTemperatures hit 41 degrees.');
    // Act
    await deliverInOrder(await harness.takeEvents(), deps);
    // Assess
    expect(throttled).toBe(3);
    expect((await versions('throttle/heatwave')).map((r) => r.status)).toEqual(['recorded']);
    client.destroy();
  });

  it('records a deletion, a restore, a re-publish and a revert with their statuses', async () => {
    // Prepare
    const key = 'stories/local/council-vote.txt';
    const first = 'Council approves budget\n\nThe council voted 7-2 on Monday.';
    const second = 'Council approves budget\n\nThe council voted 6-3 on Monday.';
    // Act
    await harness.put(key, first);
    await harness.put(key, second);
    if (harness.listsDeleteMarkersApart) await sleep(1100);
    await harness.remove(key);
    if (harness.listsDeleteMarkersApart) await sleep(1100);
    await harness.put(key, second);
    await harness.put(key, second);
    await harness.put(key, first);
    await deliverInOrder(await harness.takeEvents());
    // Assess
    const records = await versions('local/council-vote');
    expect(records.map((r) => r.status)).toEqual(['recorded', 'recorded', 'deleted', 'restored', 'unchanged', 'revert']);
    expect(records[5]?.revertOf).toBe(1);
    expectIntactChain(records);
  });

  it('ignores keys outside the story prefix and says why', async () => {
    // Prepare
    const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: harness.bucket }, object: { key: 'images/photo.jpg', size: 3 } } }] };
    // Act
    const outcomes = await ingestNotification(event, harness.deps, quiet);
    // Assess
    expect(outcomes).toEqual([{ outcome: 'ignored', reason: 'outside-prefix', detail: 'key "images/photo.jpg" is outside the story prefix "stories/"' }]);
  });
}
