import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiRouter, type ApiResponse, type ApiRouter } from '../../lambdas/app/http-api.ts';
import { demoManifest } from '../../lambdas/cli/local-commands.ts';
import { uploadRevision } from '../../lambdas/cli/upload.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import { loadViewerAssets } from '../../lambdas/viewer/assets.ts';
import { apiHandlerFor, startAuditorFixture, type AuditorFixture } from './fixture.ts';

const DEMO = 'world/valdera-earthquake';
const DEMO_PATH = `/stories/${encodeURIComponent(DEMO)}`;
const SECOND = 'local/council-budget';

let fixture: AuditorFixture;
let api: ApiRouter;

async function get(path: string, query: Record<string, string> = {}): Promise<ApiResponse & { json: any }> {
  const response = await api({ method: 'GET', path, query, headers: { host: 'redline.test' } });
  const isJson = response.headers['content-type']?.startsWith('application/json');
  return { ...response, json: isJson ? JSON.parse(response.body) : undefined };
}

async function allPages(path: string, query: Record<string, string>): Promise<VersionRecord[]> {
  const items: VersionRecord[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const response = await get(path, { ...query, ...(cursor ? { cursor } : {}) });
    expect(response.status).toBe(200);
    items.push(...response.json.items);
    cursor = response.json.cursor;
    pages++;
  } while (cursor && pages < 50);
  return items;
}

beforeAll(async () => {
  fixture = await startAuditorFixture();
  // A second story, recorded after the demo story, so it is the most recently changed.
  const demo = demoManifest();
  for (const file of ['1.md', '2.md']) {
    await uploadRevision(fixture.embedded.clients.s3, {
      file: join(demo.dir, file),
      storyId: SECOND,
      editor: 'City desk',
      note: file === '1.md' ? 'First publication' : 'Toll update',
      bucket: fixture.embedded.names.uploadBucket,
      storyPrefix: 'stories/',
    });
    await fixture.embedded.idle();
  }
  api = createApiRouter(fixture.deps, { viewer: loadViewerAssets(), publicUrl: 'https://redline.test' });
});

afterAll(async () => {
  await fixture?.stop();
});

describe('Function: GET /stories', () => {
  it('returns stories most recently changed first', async () => {
    // Act
    const response = await get('/stories');

    // Assess
    expect(response.status).toBe(200);
    expect(response.json.items.map((s: { storyId: string }) => s.storyId)).toEqual([SECOND, DEMO]);
    expect(response.json.items[1]).toMatchObject({ storyId: DEMO, latestVersion: 5, stealthCount: 1, latestStatus: 'recorded' });
    expect(response.json.cursor).toBeUndefined();
  });

  it('pages with a cursor when limit is smaller than the number of stories', async () => {
    // Act
    const first = await get('/stories', { limit: '1' });
    const second = await get('/stories', { limit: '1', cursor: first.json.cursor });

    // Assess
    expect(first.json.items.map((s: { storyId: string }) => s.storyId)).toEqual([SECOND]);
    expect(first.json.cursor).toEqual(expect.any(String));
    expect(second.json.items.map((s: { storyId: string }) => s.storyId)).toEqual([DEMO]);
  });

  it.each([
    [{ limit: '0' }, 'limit'],
    [{ limit: '201' }, 'limit'],
    [{ limit: 'ten' }, 'limit'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    // Hand-edited cursors: well-formed JSON of the right question, but not a key Redline issued.
    [{ cursor: Buffer.from(JSON.stringify({ q: 'stories', k: { PK: 5, GSI1PK: ['x'] } })).toString('base64url') }, 'cursor'],
    [{ cursor: Buffer.from(JSON.stringify({ q: 'stories', k: 'STORIES' })).toString('base64url') }, 'cursor'],
  ])('returns 400 naming the parameter when %o is invalid', async (query, parameter) => {
    // Act
    const response = await get('/stories', query);

    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'bad-parameter', parameter });
  });
});

describe('Function: GET /stories/{id} and /stories/{id}/versions', () => {
  it('returns the summary of a story whose id contains a slash, encoded as %2F', async () => {
    // Act
    const response = await get(DEMO_PATH);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ storyId: DEMO, latestVersion: 5 });
  });

  it('returns 404 with the encoding hint when the slash in the id is not encoded', async () => {
    // Act
    const response = await get(`/stories/${DEMO}/versions`);

    // Assess
    expect(response.status).toBe(404);
    expect(response.json.error.message).toContain('%2F');
  });

  it('returns 404 for an unknown story', async () => {
    expect((await get('/stories/no-such-story')).status).toBe(404);
    expect((await get('/stories/no-such-story/versions')).status).toBe(404);
  });

  it('returns versions newest first, paged by cursor, and oldest first on request', async () => {
    // Act
    const first = await get(`${DEMO_PATH}/versions`, { limit: '2' });
    const all = await allPages(`${DEMO_PATH}/versions`, { limit: '2' });
    const oldest = await get(`${DEMO_PATH}/versions`, { order: 'oldest' });

    // Assess
    expect(first.json.items.map((r: VersionRecord) => r.version)).toEqual([5, 4]);
    expect(all.map((r) => r.version)).toEqual([5, 4, 3, 2, 1]);
    expect(oldest.json.items.map((r: VersionRecord) => r.version)).toEqual([1, 2, 3, 4, 5]);
  });

  it('returns 400 for a cursor of another story or order, and for an unknown order', async () => {
    // Prepare
    const demoCursor = (await get(`${DEMO_PATH}/versions`, { limit: '1' })).json.cursor as string;

    // Act
    const otherStory = await get(`/stories/${encodeURIComponent(SECOND)}/versions`, { limit: '1', cursor: demoCursor });
    const otherOrder = await get(`${DEMO_PATH}/versions`, { limit: '1', order: 'oldest', cursor: demoCursor });
    const badOrder = await get(`${DEMO_PATH}/versions`, { order: 'sideways' });

    // Assess
    expect(otherStory.status).toBe(400);
    expect(otherStory.json.error.parameter).toBe('cursor');
    expect(otherOrder.status).toBe(400);
    expect(badOrder.json.error).toMatchObject({ code: 'bad-parameter', parameter: 'order' });
  });
  it('returns 400 for a history cursor whose inner key points into another story', async () => {
    // Prepare: a cursor of the right shape for this story, carrying another story's start key
    const foreign = Buffer.from(JSON.stringify({ PK: 'STORY#someone-else', SK: 'V#0000000003' })).toString('base64url');
    const cursor = Buffer.from(JSON.stringify({ q: 'history', s: DEMO, o: 'newest', c: foreign })).toString('base64url');
    // Act
    const response = await get(`${DEMO_PATH}/versions`, { cursor });
    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'bad-parameter', parameter: 'cursor' });
  });
});

describe('Function: GET /stories/{id}/versions/{n}', () => {
  it('returns the record and canonical text of one version', async () => {
    // Act
    const response = await get(`${DEMO_PATH}/versions/3`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json.record).toMatchObject({ storyId: DEMO, version: 3, editor: 'Night desk', change: { stealth: true } });
    expect(response.json.canonical).toContain('killing at least 34 people');
    expect(response.json.document.headline).toBe(response.json.record.headline);
  });

  it('returns 404 for a version past the end and 400 for a non-number', async () => {
    const missing = await get(`${DEMO_PATH}/versions/9`);
    expect(missing.status).toBe(404);
    expect(missing.json.error.message).toContain('latest is 5');
    expect((await get(`${DEMO_PATH}/versions/abc`)).json.error).toMatchObject({ parameter: 'version' });
    expect((await get(`${DEMO_PATH}/versions/0`)).status).toBe(400);
  });
});

describe('Function: GET /stories/{id}/compare', () => {
  it('returns the change summary and an HTML redline with the figure change 35 → 34', async () => {
    // Act
    const response = await get(`${DEMO_PATH}/compare`, { from: '2', to: '3' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.json.from).toMatchObject({ version: 2, note: 'Death toll 35, hospital figure' });
    expect(response.json.to).toMatchObject({ version: 3, editor: 'Night desk', stealth: true });
    expect(response.json.change.numbers).toContainEqual(expect.objectContaining({ before: '35', after: '34' }));
    expect(response.json.html).toContain('<del class="rl-del"><span class="rl-figure">35</span></del>');
    expect(response.json.html).toContain('<ins class="rl-ins"><span class="rl-figure">34</span></ins>');
  });

  it('compares versions that are not neighbours, in either direction', async () => {
    // Act
    const forward = await get(`${DEMO_PATH}/compare`, { from: '1', to: '5' });
    const backward = await get(`${DEMO_PATH}/compare`, { from: '5', to: '1' });

    // Assess
    expect(forward.status).toBe(200);
    expect(forward.json.change.kinds).toContain('headline');
    expect(backward.json.change.words.removed).toBe(forward.json.change.words.added);
  });

  it.each([
    ['inline', 'text/plain', '[-35-]{+34+}'],
    ['unified', 'text/plain', `--- ${DEMO} v2`],
    ['html', 'text/html', 'class="rl-redline rl-inline"'],
    ['side-by-side', 'text/html', 'rl-side-by-side'],
  ])('renders format=%s as %s', async (format, contentType, expected) => {
    // Act
    const response = await get(`${DEMO_PATH}/compare`, { from: '2', to: '3', format });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain(contentType);
    expect(response.body).toContain(expected);
  });

  it.each([
    [{ to: '3' }, 'from', 400],
    [{ from: '2', to: 'x' }, 'to', 400],
    [{ from: '2', to: '3', format: 'pdf' }, 'format', 400],
    [{ from: '2', to: '3', layout: 'stacked' }, 'layout', 400],
  ])('returns 400 when %o is given', async (query, parameter, status) => {
    const response = await get(`${DEMO_PATH}/compare`, query);
    expect(response.status).toBe(status);
    expect(response.json.error.parameter).toBe(parameter);
  });

  it('returns 404 when a version does not exist', async () => {
    expect((await get(`${DEMO_PATH}/compare`, { from: '2', to: '99' })).status).toBe(404);
  });
});

describe('Function: GET /changes and /stealth', () => {
  it('returns every version of every story in the default window, newest first', async () => {
    // Act
    const response = await get('/changes');

    // Assess
    expect(response.status).toBe(200);
    const items = response.json.items as VersionRecord[];
    expect(items).toHaveLength(7);
    expect(items.map((r) => r.eventTime)).toEqual([...items.map((r) => r.eventTime)].sort().reverse());
    expect(items[0]!.storyId).toBe(SECOND);
    expect(response.json.window.since < response.json.window.until).toBe(true);
  });

  it('pages through the window with a cursor and returns the same records as one page', async () => {
    // Act
    const paged = await allPages('/changes', { limit: '2', order: 'oldest' });
    const whole = (await get('/changes', { order: 'oldest' })).json.items as VersionRecord[];

    // Assess
    expect(paged.map((r) => `${r.storyId}#${r.version}`)).toEqual(whole.map((r) => `${r.storyId}#${r.version}`));
    expect(whole.map((r) => r.eventTime)).toEqual([...whole.map((r) => r.eventTime)].sort());
  });

  it.each([
    [{ kind: 'headline' }, [`${DEMO}#4`]],
    [{ kind: 'correction-note,headline' }, [`${DEMO}#5`, `${DEMO}#4`]],
    [{ stealth: 'true' }, [`${DEMO}#3`]],
    [{ editor: 'night DESK' }, [`${DEMO}#3`]],
    [{ editor: 'City desk', kind: 'number' }, [`${SECOND}#2`]],
  ])('filters by %o', async (query, expected) => {
    // Act
    const response = await get('/changes', query);

    // Assess
    expect(response.json.items.map((r: VersionRecord) => `${r.storyId}#${r.version}`)).toEqual(expected);
  });

  it('returns nothing for a window before any change', async () => {
    const response = await get('/changes', { since: '2000-01-01', until: '2000-01-03' });
    expect(response.status).toBe(200);
    expect(response.json.items).toEqual([]);
    expect(response.json.window).toEqual({ since: '2000-01-01T00:00:00.000Z', until: '2000-01-03T00:00:00.000Z' });
  });

  it.each([
    [{ kind: 'typo' }, 'kind'],
    [{ stealth: 'maybe' }, 'stealth'],
    [{ since: 'yesterday' }, 'since'],
    [{ since: '2026-13-45' }, 'since'],
    [{ since: '2020-01-02', until: '2020-01-01' }, 'since'],
    [{ since: '2020-01-01', until: '2022-01-01' }, 'since'],
    [{ until: '2026-02-30T25:00:00Z' }, 'until'],
  ])('returns 400 when %o is given', async (query, parameter) => {
    const response = await get('/changes', query);
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({ code: 'bad-parameter', parameter });
  });

  it('returns 400 for a cursor from another window', async () => {
    // Prepare
    const cursor = (await get('/changes', { limit: '1' })).json.cursor as string;

    // Act
    const response = await get('/changes', { limit: '1', order: 'oldest', cursor });

    // Assess
    expect(response.status).toBe(400);
    expect(response.json.error.parameter).toBe('cursor');
  });

  it('reports the stealth edits in a window', async () => {
    // Act
    const response = await get('/stealth', { since: '1d' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.json.items.map((r: VersionRecord) => [r.storyId, r.version, r.note])).toEqual([[DEMO, 3, undefined]]);
  });
});

describe('Function: GET /stories/{id}/verify', () => {
  it('returns ok with the head chain hash of the story', async () => {
    // Prepare
    const summary = (await get(DEMO_PATH)).json;

    // Act
    const response = await get(`${DEMO_PATH}/verify`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ storyId: DEMO, ok: true, versions: 5, headChainHash: summary.latestChainHash });
  });

  it('returns 404 for an unknown story', async () => {
    expect((await get('/stories/nothing%2Fhere/verify')).status).toBe(404);
  });
});

describe('Function: feeds, OpenAPI, viewer and errors', () => {
  it('serves an Atom feed of a story with one entry per version linking to the viewer', async () => {
    // Act
    const response = await get(`${DEMO_PATH}/feed.atom`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('application/atom+xml');
    expect(response.body.match(/<entry>/g)).toHaveLength(5);
    expect(response.body).toContain('<title>[STEALTH] world/valdera-earthquake v3: lede, number, moved</title>');
    expect(response.body).toContain('href="https://redline.test/#/stories/world%2Fvaldera-earthquake/compare/2/3"');
  });

  it('serves an Atom feed of changes across stories, filterable', async () => {
    const all = await get('/feeds/changes.atom');
    const stealth = await get('/feeds/changes.atom', { stealth: 'true' });
    expect(all.body.match(/<entry>/g)).toHaveLength(7);
    expect(stealth.body.match(/<entry>/g)).toHaveLength(1);
    expect((await get('/feeds/changes.atom', { kind: 'nope' })).status).toBe(400);
  });

  it('serves an OpenAPI 3.1 document describing every endpoint', async () => {
    const response = await get('/openapi.json');
    expect(response.json.openapi).toBe('3.1.0');
    expect(Object.keys(response.json.paths)).toEqual(
      expect.arrayContaining([
        '/stories',
        '/stories/{story}',
        '/stories/{story}/versions',
        '/stories/{story}/versions/{version}',
        '/stories/{story}/compare',
        '/stories/{story}/verify',
        '/stories/{story}/feed.atom',
        '/changes',
        '/stealth',
        '/feeds/changes.atom',
        '/vocabulary',
      ]),
    );
    expect(response.json.servers).toEqual([{ url: 'https://redline.test' }]);
  });

  it('serves the vocabulary registries the viewer reads, matching the OpenAPI enums', async () => {
    // Act
    const vocabulary = await get('/vocabulary');
    const openapi = await get('/openapi.json');

    // Assess
    expect(vocabulary.status).toBe(200);
    const kinds = vocabulary.json.kinds.map((entry: { kind: string }) => entry.kind);
    expect(kinds).toEqual(openapi.json.components.schemas.ChangeKind.enum);
    expect(kinds).toEqual(expect.arrayContaining(['number', 'quote', 'update-note', 'note-removed', 'caption', 'furniture']));
    expect(vocabulary.json.kinds.find((entry: { kind: string }) => entry.kind === 'number')).toMatchObject({ label: 'Figure', substantive: true });
    expect(vocabulary.json.formats.map((entry: { format: string }) => entry.format)).toEqual(openapi.json.components.schemas.RevisionFormat.enum);
    expect(vocabulary.json.statuses.map((entry: { status: string }) => entry.status)).toEqual(openapi.json.components.schemas.VersionStatus.enum);
    expect(vocabulary.json.rejections.map((entry: { code: string }) => entry.code)).toEqual(openapi.json.components.schemas.RejectionCode.enum);
    expect(vocabulary.json.rejections.map((entry: { code: string }) => entry.code)).toEqual(expect.arrayContaining(['archived', 'access-denied', 'too-deep', 'too-slow', 'too-large']));
  });

  it('serves the viewer at / with a content security policy', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await get('/viewer/app.js')).headers['content-type']).toContain('javascript');
    expect((await get('/viewer/../package.json')).status).toBe(404);
  });

  it('returns 405 for writes and 404 for unknown routes', async () => {
    const post = await api({ method: 'POST', path: '/stories', query: {} });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect((await get('/nothing')).json.error.code).toBe('no-such-route');
  });
});

describe('Function: Lambda handler (payload v2)', () => {
  it('answers a function URL event from the table and archive named in its environment', async () => {
    // Prepare: the handler reads its environment once, at module load.
    const handler = await apiHandlerFor(fixture);

    // Act
    const versions = await handler({
      rawPath: `${DEMO_PATH}/versions`,
      rawQueryString: 'limit=2&order=oldest',
      headers: { host: 'abc.lambda-url.us-east-1.on.aws' },
      requestContext: { http: { method: 'GET' } },
    });
    const changes = await handler({
      rawPath: '/changes',
      rawQueryString: 'kind=headline&kind=correction-note',
      requestContext: { http: { method: 'GET' } },
    });

    // Assess
    expect(versions.statusCode).toBe(200);
    expect(JSON.parse(versions.body).items.map((r: VersionRecord) => r.version)).toEqual([1, 2]);
    expect(JSON.parse(changes.body).items.map((r: VersionRecord) => r.version)).toEqual([5, 4]);
  });

  it('publishes one EMF line per answer: a request, a client or server error by its status, and its latency', async () => {
    // Prepare: Powertools Metrics writes EMF lines to stdout (through the global console under POWERTOOLS_DEV).
    const handler = await apiHandlerFor(fixture);
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    });
    const emf = () => lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));

    // Act
    try {
      await handler({ rawPath: DEMO_PATH, requestContext: { http: { method: 'GET' } } });
      await handler({ rawPath: '/changes', rawQueryString: 'since=yesterday', requestContext: { http: { method: 'GET' } } });
      await handler({ rawPath: '/stories/no-such-story', requestContext: { http: { method: 'GET' } } });
    } finally {
      write.mockRestore();
      log.mockRestore();
    }

    // Assess
    const published = emf();
    expect(published).toHaveLength(3);
    for (const line of published) {
      expect(line).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'Redline', Dimensions: [['service']] }] }, service: 'redline-api', ApiRequests: 1 });
      expect(line.ApiLatency).toBeGreaterThanOrEqual(0);
      expect(line.ApiServerErrors).toBeUndefined();
    }
    expect(published.map((line) => line.ApiClientErrors)).toEqual([undefined, 1, 1]);
  });
});
