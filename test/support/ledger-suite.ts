// The ledger conformance suite: the same behaviour checks against every DynamoDB we support
// (the in-process stand-in and AWS's DynamoDB Local), through the real S3 upload → event path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EMBEDDED_NAMES, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { recomputeChainHash, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { GENESIS_CHAIN_HASH, sha256Hex } from '../../lambdas/core/hashing.ts';
import { normalizeRevision, renderCanonical } from '../../lambdas/core/engine/index.ts';
import { demoManifest, uploadDemoStory } from '../../lambdas/cli/local-commands.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** Reads a story's version items straight through the DynamoDB API (not through Redline's adapter). */
async function versionsViaDynamoDb(embedded: EmbeddedRedline, storyId: string): Promise<VersionRecord[]> {
  const result = await embedded.clients.dynamodb.send(
    new QueryCommand({
      TableName: EMBEDDED_NAMES.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
      ExpressionAttributeValues: { ':pk': { S: `STORY#${storyId}` }, ':v': { S: 'V#' } },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((item) => {
    const { PK: _pk, SK: _sk, GSI2PK: _g2pk, GSI2SK: _g2sk, itemType: _type, ...record } = unmarshall(item);
    return record as VersionRecord;
  });
}

function expectIntactChain(records: VersionRecord[]): void {
  let previous = GENESIS_CHAIN_HASH;
  records.forEach((record, index) => {
    expect(record.version).toBe(index + 1);
    expect(record.previousChainHash).toBe(previous);
    expect(recomputeChainHash(record)).toBe(record.chainHash);
    previous = record.chainHash;
  });
}

async function put(embedded: EmbeddedRedline, key: string, body: string, metadata: Record<string, string> = {}): Promise<void> {
  await embedded.clients.s3.send(new PutObjectCommand({ Bucket: EMBEDDED_NAMES.uploadBucket, Key: key, Body: Buffer.from(body), Metadata: metadata }));
}

export function describeLedgerConformance(label: string, dynamodbEndpoint: () => Promise<{ endpoint?: string; stop(): Promise<void> }>): void {
  describe(`Ledger conformance: ${label}`, () => {
    let embedded: EmbeddedRedline;
    let dataDir: string;
    let stopDatabase: () => Promise<void>;
    const events: unknown[] = [];

    beforeAll(async () => {
      const database = await dynamodbEndpoint();
      stopDatabase = database.stop;
      dataDir = mkdtempSync(join(tmpdir(), 'redline-ledger-'));
      embedded = await EmbeddedRedline.start({ dataDir, dynamodbEndpoint: database.endpoint, onEvent: (event) => events.push(event) });
    });

    afterAll(async () => {
      await embedded?.stop();
      await stopDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('records the demo story as versions 1…5 in upload order, with an intact hash chain', async () => {
      // Prepare
      const demo = demoManifest();
      // Act
      await uploadDemoStory(embedded);
      // Assess
      const records = await versionsViaDynamoDb(embedded, demo.storyId);
      expect(records.map((r) => r.version)).toEqual([1, 2, 3, 4, 5]);
      expect(records.map((r) => r.editor)).toEqual(demo.revisions.map((r) => r.editor));
      const expectedHashes = demo.revisions.map((r) =>
        sha256Hex(renderCanonical(normalizeRevision(readFileSync(join(demo.dir, r.file)), 'markdown'))),
      );
      expect(records.map((r) => r.sha256)).toEqual(expectedHashes);
      expect(records.map((r) => r.status)).toEqual(['recorded', 'recorded', 'recorded', 'recorded', 'recorded']);
      expect(records[2]?.change?.stealth).toBe(true);
      expect(records[1]?.change?.stealth).toBe(false);
      expectIntactChain(records);
    });

    it('changes nothing when every delivered event is replayed', async () => {
      // Prepare
      const storyId = demoManifest().storyId;
      const before = await versionsViaDynamoDb(embedded, storyId);
      // Act
      const outcomes = [];
      for (const event of events) outcomes.push(...(await ingestNotification(event, embedded.deps(), quiet)));
      // Assess
      expect(outcomes.length).toBeGreaterThanOrEqual(5);
      expect(outcomes.every((o) => o.outcome === 'duplicate')).toBe(true);
      expect(await versionsViaDynamoDb(embedded, storyId)).toEqual(before);
    });

    it('records a deletion, a restore, a re-publish and a revert with their statuses', async () => {
      // Prepare
      const key = 'stories/local/council-vote.txt';
      // Act
      await put(embedded, key, 'Council approves budget\n\nThe council voted 7-2 on Monday.');
      await embedded.idle();
      await put(embedded, key, 'Council approves budget\n\nThe council voted 6-3 on Monday.');
      await embedded.idle();
      await embedded.clients.s3.send(new DeleteObjectCommand({ Bucket: EMBEDDED_NAMES.uploadBucket, Key: key }));
      await embedded.idle();
      await put(embedded, key, 'Council approves budget\n\nThe council voted 6-3 on Monday.');
      await embedded.idle();
      await put(embedded, key, 'Council approves budget\n\nThe council voted 6-3 on Monday.');
      await embedded.idle();
      await put(embedded, key, 'Council approves budget\n\nThe council voted 7-2 on Monday.');
      await embedded.idle();
      // Assess
      const records = await versionsViaDynamoDb(embedded, 'local/council-vote');
      expect(records.map((r) => r.status)).toEqual(['recorded', 'recorded', 'deleted', 'restored', 'unchanged', 'revert']);
      expect(records[5]?.revertOf).toBe(1);
      expectIntactChain(records);
    });

    it('records an upload it cannot read as a rejected version with the reason', async () => {
      // Prepare
      const key = 'stories/local/empty-draft.md';
      // Act
      await put(embedded, key, '');
      await embedded.idle();
      // Assess
      const [record] = await versionsViaDynamoDb(embedded, 'local/empty-draft');
      expect(record?.status).toBe('rejected');
      expect(record?.rejection).toEqual({ code: 'empty', reason: 'the upload is empty (0 bytes)' });
    });

    it('keeps every one of 20 rapid overwrites of one key, each with the bytes uploaded', async () => {
      // Prepare
      const key = 'stories/live/blog.txt';
      const bodies = Array.from({ length: 20 }, (_, i) => `Live blog\n\nEntry ${i}: the count stands at ${100 + i}.`);
      // Act
      await Promise.all(bodies.map((body) => put(embedded, key, body)));
      await embedded.idle();
      // Assess
      const records = await versionsViaDynamoDb(embedded, 'live/blog');
      expect(records).toHaveLength(20);
      const expected = bodies.map((body) => sha256Hex(renderCanonical(normalizeRevision(Buffer.from(body), 'text')))).sort();
      expect(records.map((r) => r.sha256).sort()).toEqual(expected);
      expectIntactChain(records);
    });

    it('ignores keys outside the story prefix and says why', async () => {
      // Prepare
      const event = { Records: [{ eventSource: 'aws:s3', eventName: 'ObjectCreated:Put', eventTime: new Date().toISOString(), s3: { bucket: { name: EMBEDDED_NAMES.uploadBucket }, object: { key: 'images/photo.jpg', size: 3, sequencer: '01' } } }] };
      // Act
      const outcomes = await ingestNotification(event, embedded.deps(), quiet);
      // Assess
      expect(outcomes).toEqual([{ outcome: 'ignored', reason: 'outside-prefix', detail: 'key "images/photo.jpg" is outside the story prefix "stories/"' }]);
    });
  });
}
