// M9 on the embedded mode: the local S3 endpoint of `redline start` answers only requests signed
// with SigV4 by the local credentials. What a web page can send to 127.0.0.1 — an anonymous PUT,
// a multipart form POST — and what a stranger can sign — other keys, an altered or stale request —
// records nothing and overwrites nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';
import { SignatureV4 } from '@smithy/signature-v4';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';

const KEY = 'stories/local/door.md';
let dataDir: string;
let embedded: EmbeddedRedline;
let endpoint: URL;

const objectUrl = (key = KEY) => `${endpoint.origin}/${embedded.names.uploadBucket}/${key}`;

async function versionsOf(key = KEY): Promise<number> {
  const listing = await embedded.clients.s3.send(new ListObjectVersionsCommand({ Bucket: embedded.names.uploadBucket, Prefix: key }));
  return (listing.Versions ?? []).filter((version) => version.Key === key).length;
}

/** A PUT signed by the real SDK signer, as a client would send it; `alter` changes it after signing. */
async function signedPut(body: string, options: { secret?: string; date?: Date; alter?: (headers: Record<string, string>) => void; payloadHash?: string; send?: string } = {}) {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'redline', secretAccessKey: options.secret ?? 'redline' },
    region: 'us-east-1',
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const request = new HttpRequest({
    method: 'PUT',
    protocol: 'http:',
    hostname: endpoint.hostname,
    port: Number(endpoint.port),
    path: `/${embedded.names.uploadBucket}/${KEY}`,
    headers: { host: endpoint.host, 'content-type': 'text/markdown', 'x-amz-content-sha256': options.payloadHash ?? sha256Hex(body), 'x-amz-meta-editor': 'Ana Ruiz' },
    body,
  });
  const signed = await signer.sign(request, options.date ? { signingDate: options.date } : {});
  const headers = { ...(signed.headers as Record<string, string>) };
  options.alter?.(headers);
  delete headers.host;
  return fetch(objectUrl(), { method: 'PUT', headers, body: options.send ?? body });
}

/** The S3 client a user of `redline start` has, with these credentials. */
const clientWith = (secretAccessKey: string) =>
  new S3Client({ region: 'us-east-1', endpoint: embedded.endpoints.s3, forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED', credentials: { accessKeyId: 'redline', secretAccessKey } });

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'redline-door-'));
  embedded = await EmbeddedRedline.start({ dataDir });
  endpoint = new URL(embedded.endpoints.s3);
  await embedded.clients.s3.send(new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: KEY, Body: '# Door\n\nThe door opened at 9.', Metadata: { editor: 'Ana Ruiz' } }));
  await embedded.idle();
}, 60_000);

afterAll(async () => {
  await embedded?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('Function: the embedded S3 accepts only SigV4 with the local credentials (M9)', () => {
  it('refuses an anonymous PUT (what any web page can send) and records nothing', async () => {
    // Act
    const response = await fetch(objectUrl(), { method: 'PUT', headers: { 'content-type': 'text/plain', 'x-amz-meta-editor': 'Attacker' }, body: '# Door\n\nThe door never opened.' });
    await embedded.idle();

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
    expect(await versionsOf()).toBe(1);
  });

  it('refuses a multipart form POST (an HTML form on any page) and records nothing', async () => {
    // Prepare: the POST Object upload a page can submit without any script.
    const form = new FormData();
    form.set('key', 'stories/local/attacker.md');
    form.set('x-amz-meta-editor', 'Attacker');
    form.set('file', new Blob(['# Attack\n\nForged text.']), 'attack.md');

    // Act
    const response = await fetch(`${endpoint.origin}/${embedded.names.uploadBucket}`, { method: 'POST', body: form });
    await embedded.idle();

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('form uploads');
    expect(await versionsOf('stories/local/attacker.md')).toBe(0);
  });

  it('refuses an anonymous GET of an archived text (no reading the ledger\'s evidence either)', async () => {
    const response = await fetch(`${endpoint.origin}/${embedded.names.archiveBucket}/`);
    expect(response.status).toBe(403);
  });

  it('refuses requests signed with other credentials, altered after signing, or signed long ago', async () => {
    // Act
    const otherSecret = await signedPut('# Door\n\nForged.', { secret: 'guessed' });
    const altered = await signedPut('# Door\n\nForged.', { alter: (headers) => (headers['x-amz-meta-editor'] = 'Attacker') });
    const stale = await signedPut('# Door\n\nForged.', { date: new Date(Date.now() - 20 * 60_000) });
    const otherKey = await new S3Client({
      region: 'us-east-1',
      endpoint: embedded.endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'someone', secretAccessKey: 'redline' },
    })
      .send(new GetObjectCommand({ Bucket: embedded.names.uploadBucket, Key: KEY }))
      .catch((error: Error) => error);
    await embedded.idle();

    // Assess
    expect([otherSecret.status, altered.status, stale.status]).toEqual([403, 403, 403]);
    expect(await otherSecret.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await altered.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(await stale.text()).toContain('<Code>RequestTimeTooSkewed</Code>');
    expect((otherKey as Error).name).toBe('InvalidAccessKeyId');
    expect(await versionsOf()).toBe(1);
  });

  it('accepts the same request signed with the local credentials, and records it', async () => {
    // Act
    const response = await signedPut('# Door\n\nThe door opened at 10.');
    await embedded.idle();

    // Assess
    expect(response.status).toBe(200);
    expect(await versionsOf()).toBe(2);
  });

  it('refuses a signed PUT whose body is not the one signed (x-amz-content-sha256 is re-hashed), and records nothing', async () => {
    // Prepare
    const before = await versionsOf();

    // Act: signed over one body, sent with another of the same length.
    const swapped = await signedPut('# Door\n\nThe door opened at 11.', { send: '# Door\n\nThe door opened at 99.' });
    await embedded.idle();

    // Assess
    expect(swapped.status).toBe(400);
    expect(await swapped.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(await versionsOf()).toBe(before);
  });

  it('refuses an aws-chunked (STREAMING-…) upload rather than storing its chunk framing as the story', async () => {
    // Prepare
    const before = await versionsOf();
    const framed = '1f;chunk-signature=' + '0'.repeat(64) + '\r\n# Door\n\nThe door opened at 12.\r\n0\r\n\r\n';

    // Act
    const streaming = await signedPut(framed, { payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD' });
    await embedded.idle();

    // Assess
    expect(streaming.status).toBe(501);
    expect(await streaming.text()).toContain('<Code>NotImplemented</Code>');
    expect(await versionsOf()).toBe(before);
  });

  it('accepts presigned GET and PUT URLs made by the SDK presigner with the local credentials, and records the PUT', async () => {
    // Prepare
    const before = await versionsOf();
    const client = clientWith('redline');
    const getUrl = await getSignedUrl(client, new GetObjectCommand({ Bucket: embedded.names.uploadBucket, Key: KEY }), { expiresIn: 300 });
    const putUrl = await getSignedUrl(client, new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: KEY }), { expiresIn: 300 });

    // Act
    const got = await fetch(getUrl);
    const put = await fetch(putUrl, { method: 'PUT', body: '# Door\n\nThe door opened at 13.' });
    await embedded.idle();

    // Assess
    expect(got.status).toBe(200);
    expect(await got.text()).toMatch(/^# Door/);
    expect(put.status).toBe(200);
    expect(await versionsOf()).toBe(before + 1);
    expect((await embedded.deps().ledger.latest('local/door'))?.sha256).toBeDefined();
    client.destroy();
  });

  it('refuses presigned URLs that expired, were signed with another secret, or were altered', async () => {
    // Prepare
    const before = await versionsOf();
    const put = () => new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: KEY });
    const expired = await getSignedUrl(clientWith('redline'), put(), { expiresIn: 60, signingDate: new Date(Date.now() - 120_000) });
    const otherSecret = await getSignedUrl(clientWith('guessed'), put(), { expiresIn: 300 });
    const valid = await getSignedUrl(clientWith('redline'), put(), { expiresIn: 300 });
    const otherKey = valid.replace(encodeURIComponent(KEY).replace(/%2F/g, '/'), 'stories/local/other.md');
    const longer = valid.replace(/X-Amz-Expires=300/, 'X-Amz-Expires=600');

    // Act
    const body = '# Door\n\nForged.';
    const answers = await Promise.all([expired, otherSecret, otherKey, longer].map((url) => fetch(url, { method: 'PUT', body })));
    await embedded.idle();

    // Assess
    expect(otherKey).not.toBe(valid);
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403]);
    const codes = await Promise.all(answers.map(async (answer) => /<Code>([^<]+)<\/Code>/.exec(await answer.text())?.[1]));
    expect(codes).toEqual(['AccessDenied', 'SignatureDoesNotMatch', 'SignatureDoesNotMatch', 'SignatureDoesNotMatch']);
    expect(await versionsOf()).toBe(before);
  });

  it('refuses what a web page can send to the embedded DynamoDB: preflights and requests with an Origin', async () => {
    // Prepare: a PutItem that would forge a ledger item, as a page's fetch would send it.
    const forged = {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem', origin: 'http://attacker.example' },
      body: JSON.stringify({ TableName: embedded.names.tableName, Item: { PK: { S: 'STORY#forged' }, SK: { S: 'V#0000000001' } } }),
    };

    // Act
    const preflight = await fetch(embedded.endpoints.dynamodb, { method: 'OPTIONS', headers: { origin: 'http://attacker.example', 'access-control-request-method': 'POST' } });
    const put = await fetch(embedded.endpoints.dynamodb, forged);

    // Assess
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(put.status).toBe(403);
    expect(await embedded.deps().ledger.latest('forged')).toBeUndefined();
  });
});
