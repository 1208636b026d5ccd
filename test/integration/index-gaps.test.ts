// The stealth report, `changes` and the changes feed when version items lost their index keys
// (issue 12, M7): the index attributes are outside the hash chain, so the listings must find such
// versions from the story records and say so. On AWS's DynamoDB Local through the real SDK, the
// `redline` binary and the API router.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { createApiRouter, type ApiRouter } from '../../lambdas/app/http-api.ts';
import { queryDeps } from '../../lambdas/app/query-wiring.ts';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES } from '../../lambdas/local/embedded-names.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import { dynamoDbLocalHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';
import { javaAvailable } from '../support/dynamodb-local.ts';
import { redlineCli } from '../support/redline-cli.ts';

const quiet = { info() {}, warn() {}, error() {} };
const skip = process.env.REDLINE_SKIP_DYNAMODB_LOCAL === '1';
if (!skip && !javaAvailable()) throw new Error('DynamoDB Local needs Java 17 (apt-get install -y openjdk-17-jre-headless) or set REDLINE_SKIP_DYNAMODB_LOCAL=1');

describe.skipIf(skip)('Listings survive missing index keys (DynamoDB Local, M7)', { timeout: 120_000 }, () => {
  let harness: Harness;
  let api: ApiRouter;
  const hidden = 'index/hidden';
  const kept = 'index/kept';
  let hiddenStealth: VersionRecord[];
  let keptStealth: VersionRecord[];
  const cli = (args: string[]) =>
    redlineCli([...args, '--since', '1d', '--json', '--dynamodb-endpoint', harness.dynamodbEndpoint, '--s3-endpoint', harness.s3Endpoint, '--bucket', harness.bucket, '--archive-bucket', EMBEDDED_NAMES.archiveBucket, '--table', harness.tableName, '--region', 'us-east-1'], {
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
    });
  const get = async (path: string, query: Record<string, string> = {}) => api({ method: 'GET', path, query: { since: '1d', ...query }, headers: {} });
  const named = (records: readonly VersionRecord[]) => records.map((r) => `${r.storyId} v${r.version}`).sort();
  const removeKeys = async (storyId: string, version: number, attributes: string) =>
    harness.clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: harness.tableName,
        Key: { PK: { S: `STORY#${storyId}` }, SK: { S: `V#${String(version).padStart(10, '0')}` } },
        UpdateExpression: `REMOVE ${attributes}`,
      }),
    );

  beforeAll(async () => {
    harness = await dynamoDbLocalHarness();
    await harness.takeEvents();
    for (const storyId of [hidden, kept]) {
      for (const figure of [10, 13, 15, 19]) await harness.put(`stories/${storyId}.txt`, `Fire in the port\n\nFirefighters saved ${figure} homes.`, { editor: 'Ana Ruiz' });
    }
    for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
    hiddenStealth = (await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, hidden)).filter((r) => r.change?.stealth);
    keptStealth = (await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, kept)).filter((r) => r.change?.stealth);
    api = createApiRouter(queryDeps(harness.clients, { tableName: harness.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket }));
  }, 120_000);
  afterAll(async () => harness?.close());

  it('reports nothing missing while every version item carries its index keys', async () => {
    // Act
    const stealth = JSON.parse((await get('/stealth')).body);
    const changes = await cli(['changes', '--stealth']);

    // Assess
    expect(hiddenStealth.length).toBeGreaterThanOrEqual(2);
    expect(named(stealth.items)).toEqual(named([...hiddenStealth, ...keptStealth]));
    expect(stealth.indexCheck).toEqual({ missing: [], storiesChecked: 2, complete: true });
    expect(changes.code, changes.stderr).toBe(0);
    expect(changes.stderr).not.toMatch(/index keys missing/);
  });

  it('lists stealth versions whose GSI3 (or GSI2 and GSI3) keys were removed, from the story records, and says so: CLI, API and feed', async () => {
    // Prepare: one stealth version loses its stealth-index keys, another every index key.
    const [lostStealthKeys, lostAllKeys] = hiddenStealth as [VersionRecord, VersionRecord];
    await removeKeys(hidden, lostStealthKeys.version, 'GSI3PK, GSI3SK');
    await removeKeys(hidden, lostAllKeys.version, 'GSI2PK, GSI2SK, GSI3PK, GSI3SK');

    // Act
    const stealthCli = await cli(['changes', '--stealth']);
    const changesCli = await cli(['changes']);
    const stealthApi = JSON.parse((await get('/stealth')).body);
    const changesApi = JSON.parse((await get('/changes')).body);
    const feed = (await get('/feeds/changes.atom', { stealth: 'true' })).body;

    // Assess: the CLI lists every stealth version and names the ones the index missed.
    expect(stealthCli.code, stealthCli.stderr).toBe(0);
    expect(named(JSON.parse(stealthCli.stdout).items)).toEqual(named([...hiddenStealth, ...keptStealth]));
    expect(stealthCli.stderr).toContain(`index keys missing for 2 versions in this window (`);
    expect(stealthCli.stderr).toContain(`${hidden} v${lostStealthKeys.version}`);
    expect(stealthCli.stderr).toContain('run redline verify');
    // `changes` reads GSI2: only the version that lost its GSI2 keys is missing from it.
    expect(JSON.parse(changesCli.stdout).items.map((r: VersionRecord) => `${r.storyId} v${r.version}`)).toContain(`${hidden} v${lostAllKeys.version}`);
    expect(changesCli.stderr).toContain(`index keys missing for 1 version in this window (${hidden} v${lostAllKeys.version})`);
    // The API page holds what the index returned, and the records it missed beside it.
    const untouched = [...hiddenStealth.slice(2), ...keptStealth];
    expect(named(stealthApi.items)).toEqual(named(untouched));
    expect(named(stealthApi.indexCheck.missing)).toEqual(named([lostStealthKeys, lostAllKeys]));
    expect(stealthApi.indexCheck.complete).toBe(true);
    expect(named(changesApi.indexCheck.missing)).toEqual([`${hidden} v${lostAllKeys.version}`]);
    // The feed carries them as entries and says why in its subtitle.
    for (const record of [lostStealthKeys, lostAllKeys]) expect(feed).toContain(`<id>urn:redline:${encodeURIComponent(hidden)}:v${record.version}</id>`);
    expect(feed).toMatch(/<subtitle>index keys missing for 2 versions in this window/);
  });
});
