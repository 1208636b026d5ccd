// M10: no answer of the deployed API exceeds a Lambda function URL's 6 MB response payload. A
// 4 MB revision (and its successor) recorded on the embedded stand-ins; the Lambda handler answers
// its version and compare routes, whole when they fit, else in HTTP byte ranges that reassemble
// to exactly the answer the router gives locally.
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiRouter } from '../../lambdas/app/http-api.ts';
import { FUNCTION_URL_RESPONSE_LIMIT, MAX_PART_BYTES } from '../../lambdas/app/response-ranges.ts';
import { apiHandlerFor, startAuditorFixture, type AuditorFixture } from './fixture.ts';

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
  const routes: [string, string, string][] = [
    ['the version', `${STORY_PATH}/versions/2`, ''],
    ['compare (JSON with its HTML redline)', `${STORY_PATH}/compare`, 'from=1&to=2'],
    ['compare side by side', `${STORY_PATH}/compare`, 'from=1&to=2&format=side-by-side'],
  ];

  it('records the 4 MB revisions as content versions', async () => {
    const version = JSON.parse((await handler(event(`${STORY_PATH}/versions`, 'order=oldest'))).body) as { items: { status: string; canonicalBytes: number }[] };
    expect(version.items.map((item) => item.status)).toEqual(['recorded', 'recorded']);
    expect(version.items[1]!.canonicalBytes).toBeGreaterThan(REVISION_BYTES - 1024);
  });

  for (const [name, path, query] of routes) {
    it(`never returns more than 6 MB for ${name}, and its byte ranges reassemble the whole answer`, async () => {
      // Prepare: the whole answer, as the router gives it locally (no function URL limit there).
      const local = await createApiRouter(fixture.deps, { publicUrl: 'https://abc.lambda-url.us-east-1.on.aws' })({ method: 'GET', path, query: Object.fromEntries(new URLSearchParams(query)) });
      const whole = Buffer.from(local.body, 'utf8');

      // Act
      const asked = await handler(event(path, query));
      const parts: Buffer[] = [];
      const payloads = [JSON.stringify(asked).length];
      let total = Infinity;
      for (let first = 0; first < total; first += MAX_PART_BYTES) {
        const part = await handler(event(path, query, { range: `bytes=${first}-` }));
        payloads.push(JSON.stringify(part).length);
        expect(part.statusCode).toBe(206);
        expect(part.isBase64Encoded).toBe(true);
        total = Number(/\/(\d+)$/.exec(part.headers['content-range']!)![1]);
        parts.push(Buffer.from(part.body, 'base64'));
      }

      // Assess
      // Over one part (the version and side-by-side answers are over 6 MB whole).
      expect(whole.length).toBeGreaterThan(MAX_PART_BYTES);
      expect(asked.statusCode).toBe(413);
      expect(JSON.parse(asked.body).error).toMatchObject({ code: 'response-too-large', bytes: whole.length, partBytes: MAX_PART_BYTES });
      for (const payload of payloads) expect(payload).toBeLessThanOrEqual(FUNCTION_URL_RESPONSE_LIMIT);
      expect(Buffer.concat(parts).equals(whole)).toBe(true);
    });
  }

  it('answers a range past the end with 416 and small answers whole', async () => {
    const past = await handler(event(`${STORY_PATH}/versions/2`, '', { range: 'bytes=999999999-' }));
    const small = await handler(event(`${STORY_PATH}`));
    expect(past.statusCode).toBe(416);
    expect(past.headers['content-range']).toMatch(/^bytes \*\/\d+$/);
    expect([small.statusCode, small.isBase64Encoded]).toEqual([200, false]);
    expect(JSON.parse(small.body).storyId).toBe(STORY);
  });
});
