// Verification that forgery cannot pass (issue 12: M4–M7, L4, L5), on moto server (versioned S3
// and DynamoDB), through the use case and the `redline verify` command.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeleteItemCommand, QueryCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, verifyBundle } from '../../lambdas/app/evidence-bundle.ts';
import { chainRecord } from '../../lambdas/core/ledger.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { normalizeRevision, renderCanonical } from '../../lambdas/core/engine/index.ts';
import { motoHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';
import { redlineCli } from '../support/redline-cli.ts';

const quiet = { info() {}, warn() {}, error() {} };

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Forgery cannot pass verification (moto server)', { timeout: 240_000 }, () => {
  let harness: Harness;
  const target = () => ['--endpoint-url', harness.s3Endpoint, '--bucket', harness.bucket, '--table', harness.tableName];
  const versionKey = (storyId: string, version: number) => ({ PK: { S: `STORY#${storyId}` }, SK: { S: `V#${String(version).padStart(10, '0')}` } });

  async function record(storyId: string, bodies: string[]): Promise<void> {
    for (const body of bodies) await harness.put(`stories/${storyId}.txt`, body, { editor: 'Ana Ruiz' });
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
  }
  const bodies = (figure: number) => [`Fire in the port\n\nFirefighters saved ${figure} homes.`, `Fire in the port\n\nFirefighters saved ${figure + 3} homes.`, `Fire in the port\n\nFirefighters saved ${figure + 5} homes.`];

  beforeAll(async () => {
    harness = await motoHarness();
    await harness.takeEvents();
  });
  afterAll(async () => harness?.close());

  it('fails a version appended with the ingest role\'s rights over invented bytes, under verify --deep (M6)', async () => {
    // Prepare: a real story, then a forged but internally consistent version 4 ("Correction")
    const storyId = 'forgery/correction';
    await record(storyId, bodies(10));
    const latest = (await harness.deps.ledger.latest(storyId))!;
    const canonical = renderCanonical(normalizeRevision(Buffer.from('Fire in the port\n\nFirefighters saved 90 homes.'), 'text'));
    const sha256 = sha256Hex(canonical);
    await harness.deps.archive.putCanonical(sha256, canonical);
    const forged = chainRecord(
      {
        storyId,
        version: 4,
        status: 'recorded',
        eventTime: new Date().toISOString(),
        recordedAt: new Date().toISOString(),
        source: { ...latest.source, versionId: 'invented-version-id', eventName: 'ObjectCreated:Put' },
        editor: 'Standards desk',
        note: 'Correction',
        format: 'text',
        headline: 'Fire in the port',
        sha256,
        canonicalBytes: Buffer.byteLength(canonical),
        content: { version: 4, sha256 },
        comparedWith: latest.content!,
      },
      latest,
    );
    await harness.deps.ledger.append(forged);
    await harness.deps.ledger.rollForward(forged);
    // Act
    const shallow = await verifyStory(storyId, harness.deps);
    const deep = await redlineCli(['verify', storyId, '--deep', '--json', ...target()]);
    // Assess
    expect(shallow.ok).toBe(true);
    expect(deep.code, deep.stderr).toBe(4);
    expect(JSON.parse(deep.stdout)).toMatchObject({ ok: false, firstProblem: { version: 4, kind: 'source', detail: expect.stringMatching(/version invented-version-id does not exist in S3/) } });
  });

  it('fails a version whose S3 bytes do not normalize to the record\'s sha256, and passes an untouched story, under verify --deep (M6)', async () => {
    // Prepare: version 2 claims another S3 version's bytes (both exist)
    const storyId = 'forgery/swapped-source';
    await record(storyId, bodies(20));
    await record('forgery/untouched', bodies(30));
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
    const { chainHash: _chainHash, previousChainHash: _previous, ...second } = records[1]!;
    const edited = chainRecord({ ...second, source: { ...second.source, versionId: records[0]!.source.versionId!, etag: records[0]!.source.etag! } }, records[0]);
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: versionKey(storyId, 3) }));
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: versionKey(storyId, 2) }));
    await harness.deps.ledger.append(edited);
    // Act
    const forged = await verifyStory(storyId, harness.deps, { deep: { revisions: harness.deps.revisions, maxBytes: 1 << 20 }, summaryOptional: true });
    const untouched = await verifyStory('forgery/untouched', harness.deps, { deep: { revisions: harness.deps.revisions, maxBytes: 1 << 20 } });
    // Assess
    expect(forged.firstProblem).toMatchObject({ version: 2, kind: 'source', detail: expect.stringMatching(/normalizes to [0-9a-f]{64}, the record says/) });
    expect(untouched).toMatchObject({ ok: true, versions: 3 });
  });

  it('fails a story whose stealth version lost its GSI3 index key (M7)', async () => {
    // Prepare
    const storyId = 'forgery/index';
    await record(storyId, bodies(40));
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
    const stealth = records.find((r) => r.change?.stealth)!;
    expect(stealth).toBeDefined();
    // Act
    await harness.clients.dynamodb.send(new UpdateItemCommand({ TableName: harness.tableName, Key: versionKey(storyId, stealth.version), UpdateExpression: 'REMOVE GSI3PK' }));
    const result = await verifyStory(storyId, harness.deps);
    // Assess
    expect(result.firstProblem).toEqual({ version: stealth.version, kind: 'index', detail: expect.stringMatching(/^index attribute GSI3PK is null, the record derives "STEALTH#/) });
  });

  it("fails one story's chain copied over another's (L4)", async () => {
    // Prepare
    await record('forgery/original', bodies(50));
    const items = await harness.clients.dynamodb.send(
      new QueryCommand({ TableName: harness.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)', ExpressionAttributeValues: { ':pk': { S: 'STORY#forgery/original' }, ':v': { S: 'V#' } } }),
    );
    // Act
    for (const item of items.Items ?? []) {
      await harness.clients.dynamodb.send(new PutItemCommand({ TableName: harness.tableName, Item: { ...item, PK: { S: 'STORY#forgery/copy' } } }));
    }
    const result = await verifyStory('forgery/copy', harness.deps, { summaryOptional: true });
    // Assess
    expect(result.firstProblem).toEqual({ version: 1, kind: 'record', detail: 'the record belongs to story "forgery/original", not "forgery/copy"' });
  });

  it('lists a story whose summary and last version were deleted in verify --all, and honours --expect-head there (M4, M5)', async () => {
    // Prepare
    const storyId = 'forgery/hidden';
    await record(storyId, bodies(60));
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: versionKey(storyId, 3) }));
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: { PK: { S: `STORY#${storyId}` }, SK: { S: 'SUMMARY' } } }));
    // Act
    const unnamedAnchor = await redlineCli(['verify', '--all', '--expect-head', `3:${records[2]!.chainHash}`, ...target()]);
    const anchored = await redlineCli(['verify', '--all', '--json', '--expect-head', `forgery/untouched-anchor@1:${'0'.repeat(64)}`, ...target()]);
    // Assess
    expect(unnamedAnchor.code).not.toBe(0);
    expect(unnamedAnchor.stderr).toMatch(/with --all, --expect-head must name its story: STORY@VERSION:CHAINHASH/);
    expect(anchored.code, anchored.stderr).toBe(4);
    const results = JSON.parse(anchored.stdout) as { storyId: string; ok: boolean; firstProblem?: { kind: string; detail: string } }[];
    expect(results.find((r) => r.storyId === storyId)).toMatchObject({ ok: false, firstProblem: { kind: 'head', detail: expect.stringMatching(/summary is missing/) } });
    expect(results.find((r) => r.storyId === 'forgery/untouched-anchor')).toMatchObject({ ok: false, firstProblem: { kind: 'head' } });
  });

  it('fails an evidence bundle with zero records (L5)', async () => {
    // Prepare
    const empty = {
      format: BUNDLE_FORMAT,
      formatVersion: BUNDLE_FORMAT_VERSION,
      storyId: 'forgery/empty',
      exportedAt: new Date().toISOString(),
      records: [],
      canonicalTexts: {},
      patches: {},
      verification: { storyId: 'forgery/empty', ok: true, versions: 0, headChainHash: '0'.repeat(64) },
      howToVerify: 'redline verify --bundle FILE',
    };
    // Act
    const result = await verifyBundle(empty);
    // Assess
    expect(result).toMatchObject({ ok: false, firstProblem: { version: 1, kind: 'sequence', detail: 'there are no version records of story "forgery/empty"' } });
  });
});
