// M10: no answer of the deployed API exceeds a Lambda function URL's 6 MB response payload. A
// 4 MB revision (and its successor) recorded on the embedded stand-ins; the Lambda handler answers
// its version and compare routes whole when they fit, else with a 303 to the answer stored once in
// the answer bucket (a presigned URL on the embedded S3, which checks its signature): what that
// URL reads is exactly the answer the router gives locally, computed by one invocation.
import { createHash } from 'node:crypto';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../lambdas/app/http-api.ts';
import { FUNCTION_URL_RESPONSE_LIMIT, LARGE_ANSWER_PREFIX } from '../../lambdas/app/large-answers.ts';
import { ANSWER_BUCKET, apiHandlerFor, startAuditorFixture, type AuditorFixture } from './fixture.ts';

const STORY = 'world/very-long-report';
const STORY_PATH = `/stories/${encodeURIComponent(STORY)}`;
const REVISION_BYTES = 4 * 1024 * 1024;

let fixture: AuditorFixture;
let handler: (event: unknown) => Promise<{ statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean }>;

/** About `bytes` of story text: numbered paragraphs of ordinary sentences, each with a figure. */
function longReport(bytes: number, figureShift: number): string {
  const paragraphs = ['# The very long report', ''];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const paragraph = `Paragraph ${i}: the committee heard ${(i * 7) % 1000 + (i % 50 === 0 ? figureShift : 0)} witnesses from district ${i % 97} over ${i % 13} days, and its members disagreed on the findings about the ${['harbour', 'budget', 'schools', 'bridge'][i % 4]}.`;
    paragraphs.push(paragraph, '');
    size += paragraph.length + 2;
  }
  return paragraphs.join('\n');
}

const event = (rawPath: string, rawQueryString = '', headers: Record<string, string> = {}) => ({
  rawPath,
  rawQueryString,
  headers: { host: 'abc.lambda-url.us-east-1.on.aws', ...headers },
  requestContext: { http: { method: 'GET' }, domainName: 'abc.lambda-url.us-east-1.on.aws' },
});

beforeAll(async () => {
  fixture = await startAuditorFixture();
  const { s3 } = fixture.embedded.clients;
  for (const shift of [0, 5]) {
    await s3.send(new PutObjectCommand({ Bucket: fixture.embedded.names.uploadBucket, Key: `stories/${STORY}.md`, Body: longReport(REVISION_BYTES, shift), Metadata: { editor: 'Ana Ruiz' } }));
    await fixture.embedded.idle();
  }
  handler = (await apiHandlerFor(fixture)) as unknown as typeof handler;
}, 240_000);

afterAll(async () => {
  await fixture?.stop();
});

describe('Function: Lambda handler answers for a 4 MB revision (M10)', () => {
  // Over the limit whole (as a payload v2 JSON string): the version (8.7 MB) and side by side (11.9 MB).
  const routes: [string, string, string][] = [
    ['the version', `${STORY_PATH}/versions/2`, ''],
    ['compare side by side', `${STORY_PATH}/compare`, 'from=1&to=2&format=side-by-side'],
  ];

  it('records the 4 MB revisions as content versions', async () => {
    const version = JSON.parse((await handler(event(`${STORY_PATH}/versions`, 'order=oldest'))).body) as { items: { status: string; canonicalBytes: number }[] };
    expect(version.items.map((item) => item.status)).toEqual(['recorded', 'recorded']);
    expect(version.items[1]!.canonicalBytes).toBeGreaterThan(REVISION_BYTES - 1024);
  });

  for (const [name, path, query] of routes) {
    it(`never returns more than 6 MB for ${name}: one invocation stores it whole and redirects to it`, async () => {
      // Prepare: the whole answer, as the router gives it locally (no function URL limit there).
      const local = await createApiRouter(fixture.deps, { publicUrl: 'https://abc.lambda-url.us-east-1.on.aws' })({ method: 'GET', path, query: Object.fromEntries(new URLSearchParams(query)) });
      const whole = Buffer.from(local.body, 'utf8');
      const sha256 = createHash('sha256').update(whole).digest('hex');

      // Act
      const asked = await handler(event(path, query));
      const stored = await fetch(asked.headers.location!);
      const storedBytes = Buffer.from(await stored.arrayBuffer());
      const firstBytes = await fetch(asked.headers.location!, { headers: { range: 'bytes=0-99' } });
      const unsigned = await fetch(asked.headers.location!.split('?')[0]!);

      // Assess
      // Whole, the answer is over a function URL's limit (as a payload v2 JSON string).
      expect(JSON.stringify(local.body).length).toBeGreaterThan(FUNCTION_URL_RESPONSE_LIMIT);
      expect(JSON.stringify(asked).length).toBeLessThanOrEqual(FUNCTION_URL_RESPONSE_LIMIT);
      expect(asked.statusCode).toBe(303);
      expect(asked.isBase64Encoded).toBe(false);
      expect(JSON.parse(asked.body).answer).toMatchObject({ url: asked.headers.location, bytes: whole.length, sha256, contentType: local.headers['content-type'] });
      expect(new URL(asked.headers.location!).pathname).toBe(`/${ANSWER_BUCKET}/${LARGE_ANSWER_PREFIX}${sha256}`);
      expect(stored.status).toBe(200);
      expect(stored.headers.get('content-type')).toBe(local.headers['content-type']);
      expect(storedBytes.equals(whole)).toBe(true);
      // S3 serves parts of it (no recomputation: the part is read from the stored answer).
      expect(firstBytes.status).toBe(206);
      expect(Buffer.from(await firstBytes.arrayBuffer()).equals(whole.subarray(0, 100))).toBe(true);
      // The URL is the credential: without its signature the answer bucket refuses it.
      expect(unsigned.status).toBe(403);
    });
  }

  it('stores each large answer once, under its SHA-256, however often it is asked', async () => {
    const [path, query] = [`${STORY_PATH}/versions/2`, ''];
    const first = await handler(event(path, query));
    const again = await handler(event(path, query));
    const listed = await fixture.embedded.clients.s3.send(new ListObjectsV2Command({ Bucket: ANSWER_BUCKET, Prefix: LARGE_ANSWER_PREFIX }));
    expect([first.statusCode, again.statusCode]).toEqual([303, 303]);
    expect(new URL(again.headers.location!).pathname).toBe(new URL(first.headers.location!).pathname);
    // The version and side-by-side answers of the tests above: two objects.
    expect(listed.Contents?.map((object) => object.Key)).toHaveLength(2);
  });

  it('answers compare (JSON with its HTML redline) whole: under the limit it needs no detour', async () => {
    const [path, query] = [`${STORY_PATH}/compare`, 'from=1&to=2'];
    const local = await createApiRouter(fixture.deps, { publicUrl: 'https://abc.lambda-url.us-east-1.on.aws' })({ method: 'GET', path, query: Object.fromEntries(new URLSearchParams(query)) });
    const asked = await handler(event(path, query));
    expect(Buffer.byteLength(local.body)).toBeGreaterThan(4 * 1024 * 1024);
    expect(JSON.stringify(asked).length).toBeLessThanOrEqual(FUNCTION_URL_RESPONSE_LIMIT);
    expect([asked.statusCode, asked.headers.location]).toEqual([200, undefined]);
    expect(asked.body === local.body).toBe(true);
  });

  it('answers small answers whole, and an error as it is', async () => {
    const small = await handler(event(`${STORY_PATH}`));
    const missing = await handler(event(`${STORY_PATH}/versions/99`));
    expect([small.statusCode, small.isBase64Encoded]).toEqual([200, false]);
    expect(small.headers.location).toBeUndefined();
    expect(JSON.parse(small.body).storyId).toBe(STORY);
    expect(missing.statusCode).toBe(404);
  });
});
