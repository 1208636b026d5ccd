// Issue 12, "nothing S3 accepted can wedge a story": a version S3 accepted but that the ingest role
// may not GET — on AWS an SSE-KMS object whose key the role may not use: S3 answers 403
// AccessDenied for that object version only — becomes a `rejected` version with code
// `access-denied`, and the story moves on.
//
// moto enforces no KMS key policies and no bucket policies. It does enforce IAM identity policies
// once `/moto-api/reset-auth` turns authentication on, but then it rejects the SDK's own
// ListObjectVersions signature (SignatureDoesNotMatch on `?versions&prefix=…`; moto 5.2.1), and
// ingest must list versions. So the S3 endpoint here is moto behind an S3-protocol door that
// forwards every request unchanged, except that it answers GET/HEAD of one object version with S3's
// 403 AccessDenied XML, as S3 does for such an object. SQS and DynamoDB are moto's, directly; the
// worker is the real `redline worker` process with the real SDK clients. Nothing of Redline is mocked.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainQueue, versionsViaDynamoDb } from '../support/harness.ts';
import { MOTO_CREDENTIALS, startMoto, type MotoServer } from '../support/moto.ts';
import { redlineCli } from '../support/redline-cli.ts';

const BUCKET = 'guarded';
const KEY = 'stories/council/budget.md';

/** moto's S3, except that `refused` object versions answer 403 AccessDenied (an SSE-KMS key the caller may not use). */
async function s3DoorTo(upstream: string, refused: Set<string>): Promise<{ endpoint: string; close(): Promise<void> }> {
  const target = new URL(upstream);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://door');
    const versionId = url.searchParams.get('versionId');
    if ((req.method === 'GET' || req.method === 'HEAD') && versionId !== null && refused.has(`${decodeURIComponent(url.pathname)}?${versionId}`)) {
      req.resume();
      res.writeHead(403, { 'content-type': 'application/xml', 'x-amz-request-id': 'DOOR0001' });
      res.end(
        req.method === 'HEAD'
          ? undefined
          : '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>User: arn:aws:sts::123456789012:assumed-role/RedlineIngest/ingest is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access</Message><RequestId>DOOR0001</RequestId></Error>',
      );
      return;
    }
    const forwarded = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe.skipIf(process.env.REDLINE_SKIP_MOTO === '1')('Ingest: a version the ingest role may not read (moto behind a 403 door, redline worker)', { timeout: 240_000 }, () => {
  let moto: MotoServer;
  let door: Awaited<ReturnType<typeof s3DoorTo>>;
  const refused = new Set<string>();
  let queueUrl: string;
  let dir: string;
  const target = () => ['--s3-endpoint', door.endpoint, '--dynamodb-endpoint', moto.endpoint, '--sqs-endpoint', moto.endpoint, '--bucket', BUCKET, '--table', `${BUCKET}-ledger`];
  const put = (body: string) => moto.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: Buffer.from(body), Metadata: { editor: 'Ana Ruiz' } }));
  const queueDepth = async (url: string) => {
    const attributes = await moto.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Number(attributes.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
  };

  beforeAll(async () => {
    moto = await startMoto();
    door = await s3DoorTo(moto.endpoint, refused);
    dir = mkdtempSync(join(tmpdir(), 'redline-access-denied-'));
    const init = await redlineCli(['init', '--with-queue', '--json', '--endpoint-url', moto.endpoint, '--bucket', BUCKET, '--table', `${BUCKET}-ledger`]);
    expect(init.code, init.stderr).toBe(0);
    queueUrl = (JSON.parse(init.stdout) as { queue: { url: string } }).queue.url;
    await drainQueue(moto.clients.sqs, queueUrl); // moto's s3:TestEvent
  });

  afterAll(async () => {
    await door?.close();
    moto?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('records a version S3 accepted but the ingest role may not GET as rejected (access-denied), and the next revision; the DLQ stays empty', async () => {
    // Prepare: three revisions; the second is an object version the ingest role may not read.
    await put('Budget\n\nThe council approved 4 million.');
    const locked = await put('Budget\n\nThe council approved 5 million.');
    await put('Budget\n\nThe council approved 6 million.');
    refused.add(`/${BUCKET}/${KEY}?${locked.VersionId}`);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: door.endpoint, forcePathStyle: true, credentials: MOTO_CREDENTIALS });
    const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: KEY, VersionId: locked.VersionId })).catch((error: unknown) => error);
    s3.destroy();

    // Act
    const run = await redlineCli(['worker', '--queue-url', queueUrl, '--drain', ...target()]);

    // Assess: the SDK sees S3's refusal for that version…
    expect(answer).toBeInstanceOf(S3ServiceException);
    expect([(answer as S3ServiceException).name, (answer as S3ServiceException).$metadata.httpStatusCode]).toEqual(['AccessDenied', 403]);
    // …and the worker records it as rejected and moves on, with no message left or dead-lettered.
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout, run.stderr.slice(0, 3000)).toMatch(/, 0 failed/);
    const records = await versionsViaDynamoDb(moto.clients.dynamodb, `${BUCKET}-ledger`, 'council/budget');
    expect(records.map((r) => [r.version, r.status, r.rejection?.code, r.source.versionId === locked.VersionId])).toEqual([
      [1, 'recorded', undefined, false],
      [2, 'rejected', 'access-denied', true],
      [3, 'recorded', undefined, false],
    ]);
    expect(records[1]?.rejection?.reason).toMatch(/S3 refused to return .*AccessDenied/);
    expect(records[2]?.change?.kinds.length).toBeGreaterThan(0);
    expect(await queueDepth(queueUrl)).toBe(0);
    expect(await queueDepth(`${queueUrl}-dlq`)).toBe(0);
  });
});
