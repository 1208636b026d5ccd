// Issue 12's production edges of the auditor API, on the embedded stand-ins through the real local
// server (node:http) where the transport matters: feeds stay well-formed XML whatever a story
// holds (L1), forged cursors cannot widen a window or reach the store (L2), links never come from
// the client's Host (L8), rendered redlines carry a CSP (L9), and a rebinding DNS name is refused.
import { request } from 'node:http';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadMetadata } from '../../lambdas/cli/upload.ts';
import { startAuditorServer, type AuditorServer } from '../../lambdas/local/server.ts';
import { startAuditorFixture, type AuditorFixture } from './fixture.ts';

const STORY = 'world/control-characters';
const STORY_PATH = `/stories/${encodeURIComponent(STORY)}`;

let fixture: AuditorFixture;
let server: AuditorServer;

/** A GET with the headers given, Host included (fetch would not let a test set Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Parses with a conforming XML 1.0 parser; returns the first well-formedness error, if any. */
function xmlError(xml: string): string | undefined {
  const parser = new SaxesParser({ xmlns: true });
  let error: string | undefined;
  parser.on('error', (e) => {
    error ??= e.message;
  });
  try {
    parser.write(xml).close();
  } catch (e) {
    error ??= (e as Error).message;
  }
  return error;
}

function cursorOf(state: unknown): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

beforeAll(async () => {
  fixture = await startAuditorFixture();
  const { s3 } = fixture.embedded.clients;
  const put = (body: string, editor: string, note?: string) =>
    s3.send(
      new PutObjectCommand({
        Bucket: fixture.embedded.names.uploadBucket,
        Key: `stories/${STORY}.md`,
        Body: body,
        ContentType: 'text/markdown',
        Metadata: uploadMetadata(editor, note),
      }),
    );
  await put('# Quake\u0001 toll rises\u001B[31m\n\nThe toll rose to 35.\n', 'Ana\u0007 Ruiz');
  await fixture.embedded.idle();
  await put('# Quake\u0001 toll rises\u001B[31m\n\nThe toll rose to 36.\uFFFF\n', 'Desk\u0000', 'Update\u000B');
  await fixture.embedded.idle();
  server = await startAuditorServer(fixture.deps, { port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fixture?.stop();
});

describe('Function: Atom feeds with control characters in a story (L1)', () => {
  it('returns a story feed and the changes feed that a conforming XML parser accepts', async () => {
    // Act
    const storyFeed = await get(`${STORY_PATH}/feed.atom`);
    const changesFeed = await get('/feeds/changes.atom');

    // Assess
    expect(storyFeed.status).toBe(200);
    expect(changesFeed.status).toBe(200);
    expect(xmlError(storyFeed.body)).toBeUndefined();
    expect(xmlError(changesFeed.body)).toBeUndefined();
    expect(storyFeed.body.match(/<entry>/g)).toHaveLength(2);
    // The character is replaced, visibly, not silently dropped with its neighbours.
    expect(storyFeed.body).toContain('Headline: Quake\uFFFD toll rises\uFFFD[31m');
    expect(storyFeed.body).toContain('<name>Desk\uFFFD</name>');
  });

  it('is a test that can fail: the raw characters are not XML', () => {
    expect(xmlError('<a>Quake\u0001</a>')).toMatch(/disallowed character/);
  });
});

describe('Function: forged and malformed cursors (L2)', () => {
  it('returns 400 for a changes cursor whose window spans more than 366 days, without reading it', async () => {
    // Prepare: a cursor as the API issues them, with a ten-year window.
    const forged = cursorOf({ q: 'changes', w: '2016-01-01T00:00:00.000Z|2026-12-31T00:00:00.000Z|n', d: 0 });

    // Act
    const changes = await get(`/changes?cursor=${forged}`);
    const stealth = await get(`/stealth?cursor=${forged}`);

    // Assess
    expect(changes.status).toBe(400);
    expect(JSON.parse(changes.body).error).toMatchObject({ code: 'bad-parameter', parameter: 'cursor' });
    expect(JSON.parse(changes.body).error.message).toContain('366 days');
    expect(stealth.status).toBe(400);
  });

  it('returns 400, not 500, for cursors with malformed windows, days or start keys', async () => {
    const valid = JSON.parse(Buffer.from(JSON.parse((await get('/changes?limit=1')).body).cursor, 'base64url').toString('utf8')) as { w: string; d: number; k?: Record<string, string> };
    const forgeries: [string, string][] = [
      ['/changes', cursorOf({ q: 'changes', w: 'yesterday|today|n', d: 0 })],
      ['/changes', cursorOf({ q: 'changes', w: '2026-02-31T00:00:00.000Z|2026-03-01T00:00:00.000Z|n', d: 0 })],
      ['/changes', cursorOf({ q: 'changes', w: valid.w, d: 400 })],
      ['/changes', cursorOf({ q: 'changes', w: valid.w, d: valid.d, k: { PK: 'x', SK: 'y' } })],
      ['/changes', cursorOf({ q: 'changes', w: valid.w, d: valid.d, k: { ...valid.k, GSI2PK: 'CHANGES#1999-01-01' } })],
      ['/stories', cursorOf({ q: 'stories', k: { PK: 'x', SK: 'y', GSI1PK: 'STORIES', GSI1SK: 'z', extra: 'w' } })],
      ['/stories', cursorOf({ q: 'stories', k: { PK: 'x', SK: 'y' } })],
      ['/changes', 'not-base64-json'],
    ];

    // Act
    const answers = await Promise.all(forgeries.map(([path, cursor]) => get(`${path}?cursor=${cursor}`)));

    // Assess
    expect(valid.k).toBeDefined();
    expect(answers.map((answer) => answer.status)).toEqual(forgeries.map(() => 400));
    for (const answer of answers) expect(JSON.parse(answer.body).error.parameter).toBe('cursor');
  });

  it('still continues with the cursor it issued', async () => {
    const first = JSON.parse((await get('/changes?limit=1')).body) as { cursor: string; items: unknown[] };
    const second = await get(`/changes?limit=1&cursor=${first.cursor}`);
    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).items).toHaveLength(1);
  });
});

describe('Function: links from configuration, not from the client (L8)', () => {
  it('does not reflect X-Forwarded-Host or X-Forwarded-Proto into feed links or openapi.json', async () => {
    // Act
    const forwarded = { host: new URL(server.url).host, 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'javascript' };
    const feed = await get(`${STORY_PATH}/feed.atom`, forwarded);
    const openapi = await get('/openapi.json', forwarded);

    // Assess
    expect(feed.body).not.toContain('evil.example');
    expect(openapi.body).not.toContain('evil.example');
    expect(feed.body).toContain(`href="${server.url}/#/stories/${encodeURIComponent(STORY)}/compare/1/2"`);
    expect(JSON.parse(openapi.body).servers).toEqual([{ url: server.url }]);
  });

  it('names the configured public URL', async () => {
    const behindProxy = await startAuditorServer(fixture.deps, { port: 0, publicUrl: 'https://redline.newsroom.example/' });
    try {
      const url = new URL(behindProxy.url);
      const openapi = await new Promise<string>((resolve, reject) => {
        request({ host: url.hostname, port: url.port, path: '/openapi.json', headers: { host: 'redline.newsroom.example' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => resolve(body));
        })
          .on('error', reject)
          .end();
      });
      expect(JSON.parse(openapi).servers).toEqual([{ url: 'https://redline.newsroom.example' }]);
    } finally {
      await behindProxy.close();
    }
  });

  it('rejects a public URL that is not an http(s) URL with a clear message', async () => {
    await expect(startAuditorServer(fixture.deps, { port: 0, publicUrl: 'redline.example' })).rejects.toThrow('the public URL must be an http(s) URL');
  });
});

describe('Function: DNS rebinding (M9, viewer and API)', () => {
  it('refuses a Host that is not the one the server serves, for the viewer and the API', async () => {
    // Act: what a page on attacker.example sees once its name resolves to 127.0.0.1.
    const rebound = { host: `attacker.example:${new URL(server.url).port}` };
    const viewer = await get('/', rebound);
    const api = await get('/stories', rebound);

    // Assess
    expect(viewer.status).toBe(403);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body).error.code).toBe('host-not-served');
    expect(api.body).not.toContain(STORY);
  });

  it('answers the loopback names it listens on', async () => {
    const port = new URL(server.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) expect((await get('/stories', { host })).status).toBe(200);
  });
});

describe('Function: content security policy on rendered redlines (L9)', () => {
  it('sends a CSP that forbids scripts with compare?format=html and side-by-side', async () => {
    for (const format of ['html', 'side-by-side']) {
      // Act
      const response = await get(`${STORY_PATH}/compare?from=1&to=2&format=${format}`);

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
      expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    }
  });
});
