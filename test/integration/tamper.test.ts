// Invariant 6: verification recomputes the chain from the records and the archived canonical
// texts, so any edit, removal, reordering or archive change is caught and the first version that
// does not match is named — by the use case and by the `redline verify` command.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { S3Archive } from '../../lambdas/adapters/s3-revisions.ts';
import { demoManifest } from '../../lambdas/cli/local-commands.ts';
import { embeddedHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';

const quiet = { info() {}, warn() {}, error() {} };
const REPO = join(import.meta.dirname, '../..');

describe('Tamper evidence: redline verify', () => {
  let harness: Harness;

  /** Records the five-revision demo story under a fresh story id. */
  async function recordDemo(storyId: string): Promise<void> {
    const demo = demoManifest();
    for (const revision of demo.revisions) {
      await harness.put(`stories/${storyId}.md`, readFileSync(join(demo.dir, revision.file)), { editor: revision.editor ?? '' });
    }
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
  }
  const key = (storyId: string, version: number) => ({ PK: { S: `STORY#${storyId}` }, SK: { S: `V#${String(version).padStart(10, '0')}` } });

  beforeAll(async () => {
    harness = await embeddedHarness('embedded');
  });
  afterAll(async () => harness?.close());

  it('passes an untouched ledger and reports its head', async () => {
    // Prepare
    await recordDemo('tamper/untouched');
    // Act
    const result = await verifyStory('tamper/untouched', harness.deps);
    // Assess
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'tamper/untouched');
    expect(result).toEqual({ storyId: 'tamper/untouched', ok: true, versions: 5, headChainHash: records[4]?.chainHash });
  });

  it('names the version whose record was edited', async () => {
    // Prepare
    await recordDemo('tamper/edited');
    // Act
    await harness.clients.dynamodb.send(
      new UpdateItemCommand({ TableName: harness.tableName, Key: key('tamper/edited', 3), UpdateExpression: 'SET editor = :e', ExpressionAttributeValues: { ':e': { S: 'Standards desk' } } }),
    );
    // Assess
    expect((await verifyStory('tamper/edited', harness.deps)).firstProblem).toMatchObject({ version: 3, kind: 'record' });
  });

  it('names the version that was removed', async () => {
    // Prepare
    await recordDemo('tamper/removed');
    // Act
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: key('tamper/removed', 3) }));
    // Assess
    expect((await verifyStory('tamper/removed', harness.deps)).firstProblem).toMatchObject({ version: 3, kind: 'sequence' });
  });

  it('names the first of two swapped versions', async () => {
    // Prepare
    await recordDemo('tamper/swapped');
    const get = async (version: number) => (await harness.clients.dynamodb.send(new GetItemCommand({ TableName: harness.tableName, Key: key('tamper/swapped', version) }))).Item!;
    const [second, third] = [await get(2), await get(3)];
    // Act: each item's content moves to the other's key
    await harness.clients.dynamodb.send(new PutItemCommand({ TableName: harness.tableName, Item: { ...third, ...key('tamper/swapped', 2) } }));
    await harness.clients.dynamodb.send(new PutItemCommand({ TableName: harness.tableName, Item: { ...second, ...key('tamper/swapped', 3) } }));
    // Assess
    expect((await verifyStory('tamper/swapped', harness.deps)).firstProblem).toMatchObject({ version: 2, kind: 'sequence' });
  });

  it('names the version whose archived canonical text was altered', async () => {
    // Prepare
    await recordDemo('tamper/archive');
    const [, second] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'tamper/archive');
    const archiveBucket = 'redline-archive';
    // Act
    await harness.clients.s3.send(
      new PutObjectCommand({ Bucket: archiveBucket, Key: S3Archive.canonicalKey(second!.sha256!), Body: 'headline: Earthquake strikes hill towns\n\nAt least 3 people were killed.\n' }),
    );
    // Assess
    expect((await verifyStory('tamper/archive', harness.deps)).firstProblem).toMatchObject({ version: 2, kind: 'content' });
  });

  it('names the missing head when the newest version was removed', async () => {
    // Prepare
    await recordDemo('tamper/truncated');
    // Act
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: key('tamper/truncated', 5) }));
    // Assess
    expect((await verifyStory('tamper/truncated', harness.deps)).firstProblem).toMatchObject({ version: 5, kind: 'sequence' });
  });

  it('fails against a head anchored earlier when the chain was rewritten consistently', async () => {
    // Prepare: an anchor taken before a forger re-hashes version 5 (and the summary) consistently
    await recordDemo('tamper/anchored');
    const anchor = await verifyStory('tamper/anchored', harness.deps);
    await harness.clients.dynamodb.send(
      new UpdateItemCommand({ TableName: harness.tableName, Key: key('tamper/anchored', 5), UpdateExpression: 'SET chainHash = :h', ExpressionAttributeValues: { ':h': { S: 'f'.repeat(64) } } }),
    );
    // Act
    const result = await verifyStory('tamper/anchored', harness.deps, { expectHead: { version: 5, chainHash: anchor.headChainHash } });
    // Assess
    expect(result.ok).toBe(false);
    expect(result.firstProblem?.version).toBe(5);
  });

  it('exits 4 from `redline verify` and names the version, and 0 for an intact story', async () => {
    // Prepare
    await recordDemo('tamper/cli');
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: key('tamper/cli', 2) }));
    // Asynchronous: the stand-ins serve from this process, so a blocking spawn would deadlock.
    const run = (storyId: string) =>
      new Promise<{ status: number | null; stdout: string }>((resolve) => {
        execFile(
        process.execPath,
        ['bin/redline.js', 'verify', storyId, '--s3-endpoint', harness.s3Endpoint, '--dynamodb-endpoint', harness.dynamodbEndpoint, '--bucket', harness.bucket, '--archive-bucket', 'redline-archive', '--table', harness.tableName],
        { cwd: REPO, encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: 'redline', AWS_SECRET_ACCESS_KEY: 'redline', AWS_REGION: 'us-east-1' } },
          (error, stdout) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout }),
        );
      });
    // Act
    const broken = await run('tamper/cli');
    const intact = await run('tamper/untouched');
    // Assess
    expect(broken.status).toBe(4);
    expect(broken.stdout).toContain('FAILED  tamper/cli: version 2 does not verify (sequence)');
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/^OK {6}tamper\/untouched: 5 versions, head [0-9a-f]{64}/);
  });
});
