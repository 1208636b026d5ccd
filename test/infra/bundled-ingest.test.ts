// The deployment artifact under test: the ingest bundle that `cdk deploy` would upload, taken from
// a freshly synthesized cloud assembly and imported as-is, runs real S3- and SQS-shaped events
// against the embedded S3 and DynamoDB stand-ins.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { EMBEDDED_CREDENTIALS, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { ensureBucket, ensureTable } from '../../lambdas/adapters/provision.ts';
import { synthesizeBundledApp, type BundledApp } from './bundled-asset.ts';
import { nonAsciiLeft } from '../../scripts/finish-bundle.mjs';
import { compareDocuments } from '../../lambdas/core/engine/compare.ts';
import { normalizeRevision } from '../../lambdas/core/engine/normalize.ts';

// Node's own ES module loader, not Vite's transform: the test runs the bundle's exact bytes.
// (require() of an ES module without top-level await is native since Node 20.19 and 22.12.)
const loadNative = createRequire(import.meta.url) as (path: string) => Record<string, unknown>;

type Handler = (event: unknown, context?: { awsRequestId: string; functionName: string }) => Promise<unknown>;

const ARTIFACT_TABLE = 'artifact-ledger';
const ARTIFACT_ARCHIVE = 'artifact-archive';

describe('Artifact: the bundled ingest function from the cloud assembly', () => {
  let bundled: BundledApp;
  let embedded: EmbeddedRedline;
  let dataDir: string;
  let handler: Handler;
  const events: unknown[] = [];
  const stdout: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    bundled = synthesizeBundledApp();
    dataDir = mkdtempSync(join(tmpdir(), 'redline-artifact-'));
    // The stand-ins record uploads into their own ledger too; the bundle gets a table and an
    // archive of its own, so every record asserted below was written by the bundle.
    embedded = await EmbeddedRedline.start({ dataDir, onEvent: (event) => events.push(event) });
    await ensureTable(embedded.clients.dynamodb, ARTIFACT_TABLE);
    await ensureBucket(embedded.clients.s3, ARTIFACT_ARCHIVE, { versioning: false });
    const ingest = bundled.functions.find((fn) => fn.logicalId.startsWith('IngestFunction'));
    if (!ingest) throw new Error(`no bundled ingest function in ${bundled.outdir}`);
    Object.assign(process.env, ingest.literalEnvironment, {
      REDLINE_TABLE: ARTIFACT_TABLE,
      REDLINE_ARCHIVE_BUCKET: ARTIFACT_ARCHIVE,
      REDLINE_S3_ENDPOINT: embedded.endpoints.s3,
      REDLINE_DYNAMODB_ENDPOINT: embedded.endpoints.dynamodb,
      AWS_REGION: embedded.names.region,
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    delete process.env.AWS_PROFILE;
    const module = loadNative(ingest.entryFile);
    handler = module.handler as Handler;
    // Powertools Logger writes warnings and errors to stderr; Lambda sends both streams to CloudWatch.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
        stdout.push(String(chunk));
        return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
      });
    }
  }, 180_000);

  afterAll(async () => {
    vi.restoreAllMocks();
    await embedded?.stop();
    process.env = savedEnv;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (bundled) rmSync(bundled.outdir, { recursive: true, force: true });
  });

  async function upload(key: string, body: string, metadata: Record<string, string>): Promise<unknown> {
    const before = events.length;
    await embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: key, Body: body, Metadata: metadata }));
    await embedded.idle();
    expect(events.length).toBe(before + 1);
    return events[before];
  }

  async function versionRecords(storyId: string): Promise<Record<string, unknown>[]> {
    const result = await embedded.clients.dynamodb.send(
      new QueryCommand({
        TableName: ARTIFACT_TABLE,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :v)',
        ExpressionAttributeValues: { ':pk': { S: `STORY#${storyId}` }, ':v': { S: 'V#' } },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => unmarshall(item));
  }

  it('bundles each function as one self-contained ES module, the API with the viewer files (size budgets: `npm run bench`)', () => {
    expect(bundled.functions.map((fn) => fn.logicalId.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual(['BackfillBatchFunction', 'IngestFunction', 'LogIntegratorFunction', 'QueryApiFunction']);
    const contents = (prefix: string) => readdirSync(dirname(bundled.functions.find((fn) => fn.logicalId.startsWith(prefix))!.entryFile)).sort();
    // markup.mjs: the markup reader, imported only when a markup revision arrives (lib/bundling.ts).
    expect(contents('IngestFunction')).toEqual(['index.mjs', 'markup.mjs']);
    expect(contents('BackfillBatchFunction')).toEqual(['index.mjs', 'markup.mjs']);
    expect(contents('LogIntegratorFunction')).toEqual(['index.mjs', 'markup.mjs']);
    expect(contents('QueryApiFunction')).toEqual(['index.mjs', 'markup.mjs', 'viewer']);
  });

  it('records a revision from a direct S3 notification, and reports the replay as a duplicate', async () => {
    // Prepare
    const event = await upload('stories/world/valdera-quake.md', '# Quake hits Valdera\n\nAt least 12 people died, officials said.\n', {
      editor: 'Mara Ellison',
      note: 'First publication',
    });
    // Act
    const outcomes = await handler(event, { awsRequestId: 'req-direct-1', functionName: 'IngestFunction' });
    const replay = await handler(event, { awsRequestId: 'req-direct-2', functionName: 'IngestFunction' });
    // Assess
    expect(outcomes).toEqual([{ outcome: 'recorded', storyId: 'world/valdera-quake', version: 1, status: 'recorded' }]);
    expect(replay).toEqual([expect.objectContaining({ outcome: 'duplicate', storyId: 'world/valdera-quake' })]);
    const records = await versionRecords('world/valdera-quake');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ SK: 'V#0000000001', storyId: 'world/valdera-quake', version: 1, status: 'recorded', editor: 'Mara Ellison', note: 'First publication' });
    expect(records[0]?.chainHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers an SQS batch with exactly the garbage message as a batch item failure', async () => {
    // Prepare
    const event = await upload('stories/world/valdera-quake.md', '# Quake hits Valdera\n\nAt least 35 people died, officials said.\n', { editor: 'Night desk' });
    const batch = {
      Records: [
        { messageId: 'msg-good', body: JSON.stringify(event), eventSource: 'aws:sqs', attributes: {}, messageAttributes: {} },
        { messageId: 'msg-garbage', body: '{"Records": [{"eventSource": "aws:s3", "s3": nonsense', eventSource: 'aws:sqs', attributes: {}, messageAttributes: {} },
      ],
    };
    // Act
    const response = await handler(batch, { awsRequestId: 'req-sqs-1', functionName: 'IngestFunction' });
    // Assess
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-garbage' }] });
    const records = await versionRecords('world/valdera-quake');
    expect(records.map((r) => [r.version, r.status, r.editor])).toEqual([
      [1, 'recorded', 'Mara Ellison'],
      [2, 'recorded', 'Night desk'],
    ]);
    expect(records[1]?.previousChainHash).toBe(records[0]?.chainHash);
  });

  it('serves the recorded history through the bundled query API', async () => {
    // Prepare: the API bundle reads the same environment contract (table, archive, endpoints).
    const api = bundled.functions.find((fn) => fn.logicalId.startsWith('QueryApiFunction'));
    // On Lambda the asset is unpacked at /var/task; here the same folder is the asset's own.
    process.env.REDLINE_VIEWER_DIR = join(dirname(api?.entryFile ?? ''), 'viewer');
    // The answer bucket (a token in the template) takes only answers over 6 MB; none here.
    process.env.REDLINE_ANSWER_BUCKET = 'redline-answers';
    const module = loadNative(api?.entryFile ?? '');
    const apiHandler = module.handler as (event: unknown) => Promise<{ statusCode: number; body: string }>;
    // Act
    const response = await apiHandler({
      rawPath: `/stories/${encodeURIComponent('world/valdera-quake')}/versions`,
      rawQueryString: '',
      headers: { accept: 'application/json' },
      requestContext: { http: { method: 'GET' } },
    });
    // Assess
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Night desk');
    const viewer = await apiHandler({ rawPath: '/', rawQueryString: '', headers: { accept: 'text/html' }, requestContext: { http: { method: 'GET' } } });
    expect(viewer.statusCode).toBe(200);
    expect(viewer.body).toContain('<html');
    expect(api?.literalEnvironment.REDLINE_VIEWER_DIR).toBe('/var/task/viewer');
  });

  it('logs JSON lines carrying the request id, story id, version, S3 key and versionId, and EMF metrics', () => {
    const lines = stdout.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    const recorded = lines.filter((line) => line.message === 'revision recorded');
    expect(recorded).toHaveLength(2);
    for (const line of recorded) {
      expect(line).toMatchObject({
        level: 'INFO',
        service: 'redline-ingest',
        function_request_id: expect.stringMatching(/^req-/),
        storyId: 'world/valdera-quake',
        version: expect.any(Number),
        s3Key: 'stories/world/valdera-quake.md',
        s3VersionId: expect.any(String),
      });
    }
    const failed = lines.find((line) => line.message === 'message failed; SQS will retry it');
    expect(failed).toMatchObject({ level: 'ERROR', messageId: 'msg-garbage', function_request_id: 'req-sqs-1' });
    const metrics = lines.filter((line) => line._aws !== undefined);
    expect(metrics.length).toBeGreaterThanOrEqual(3);
    expect(metrics.reduce((sum, line) => sum + (Number(line.RevisionsRecorded) || 0), 0)).toBe(2);
    expect(metrics.some((line) => line.DuplicateNotifications === 1)).toBe(true);
    expect(metrics.find((line) => line.RevisionsRecorded)).toMatchObject({
      _aws: { CloudWatchMetrics: [{ Namespace: 'Redline', Dimensions: [['service']] }] },
      service: 'redline-ingest',
      ProcessingTime: expect.any(Number),
    });
  });

  it('reads an HTML revision through the markup reader file next to the handler, which its module init left unparsed', async () => {
    // Prepare
    const ingest = bundled.functions.find((fn) => fn.logicalId.startsWith('IngestFunction'))!;
    const handlerSource = readFileSync(ingest.entryFile, 'utf8');
    const readerSource = readFileSync(join(dirname(ingest.entryFile), 'markup.mjs'), 'utf8');
    const event = await upload(
      'stories/world/harbour-fire.html',
      '<html><head><title>Fire at the harbour</title></head><body><h1>Fire at the harbour</h1><p>Crews fought the blaze for 6&nbsp;hours.</p></body></html>',
      { editor: 'Night desk' },
    );
    // Act
    const outcomes = await handler(event, { awsRequestId: 'req-html-1', functionName: 'IngestFunction' });
    // Assess
    expect(handlerSource).toContain('./markup.mjs');
    // htmlparser2's entity table (a long string literal of entities' decode trie) is in the reader only.
    const entityTable = readerSource.match(/"[^"]{2000,}"/)?.[0];
    expect(entityTable).toBeDefined();
    expect(handlerSource).not.toContain(entityTable);
    expect(outcomes).toEqual([{ outcome: 'recorded', storyId: 'world/harbour-fire', version: 1, status: 'recorded' }]);
    const [record] = await versionRecords('world/harbour-fire');
    expect(record).toMatchObject({ format: 'html', headline: 'Fire at the harbour', status: 'recorded' });
  });
  it('compares a revision full of dashes, curly quotes, ellipses and accents as the sources do, from bundles that are pure ASCII', async () => {
    // Prepare: the engine's non-ASCII regular-expression literals reach the bundle as \u escapes (lib/bundling.ts).
    for (const fn of bundled.functions) {
      for (const file of ['index.mjs', 'markup.mjs']) {
        const path = join(dirname(fn.entryFile), file);
        expect(nonAsciiLeft(readFileSync(path, 'utf8'), path)).toBeUndefined();
      }
    }
    const first = '# MÜNCHEN — Dam bursts near Valdera\n\nBERLIN (dpa) — Water flooded “three villages” … officials said.\n\nÉmile Durand, 54, was rescued at 10:40 a.m.\n';
    const second =
      '# MÜNCHEN — Dam bursts near Valdera\n\nBERLIN (dpa) — Water flooded “four villages” … officials said.\n\nÉmile Durand, 55, was rescued at 10:40 a.m.\n\nUPDATE — Rescuers reached the fourth village at noon.\n';
    // Act
    await handler(await upload('stories/world/dam-burst.md', first, { editor: 'Night desk' }), { awsRequestId: 'req-ascii-1', functionName: 'IngestFunction' });
    await handler(await upload('stories/world/dam-burst.md', second, { editor: 'Night desk' }), { awsRequestId: 'req-ascii-2', functionName: 'IngestFunction' });
    // Assess
    const expected = compareDocuments(normalizeRevision(Buffer.from(first), 'markdown'), normalizeRevision(Buffer.from(second), 'markdown')).summary;
    expect(expected.kinds).toEqual(expect.arrayContaining(['number', 'update-note']));
    const [, record] = await versionRecords('world/dam-burst');
    expect(record?.change).toEqual(JSON.parse(JSON.stringify(expected)));
  });
});
