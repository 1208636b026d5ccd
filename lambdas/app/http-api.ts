// The auditor HTTP API as a transport-independent router: {method, path, query} → {status,
// headers, body}. The Lambda handler (function URL / HTTP API payload v2) and the local server
// both call it; errors become JSON 4xx/5xx here, at the edge, and nowhere else.
//
// Story ids contain slashes, so an id is always ONE path segment, percent-encoded
// (`/stories/world%2Fvaldera-earthquake/versions/3`). Paths are matched on raw segments before
// decoding, so an id can never be confused with the path around it.
import { LogVerificationError, NotInLogError, consistencyFromSize, currentCheckpoint, proveRecord, viewOf } from './transparency-log.ts';
import type { LogState } from '../ports.ts';
import type { ChangeKind } from '../core/engine/index.ts';
import { vocabularyDocument } from '../core/vocabulary.ts';
import { escapeHtml } from '../core/engine/index.ts';
import type { VersionRecord } from '../core/ledger.ts';
import {
  CHANGE_KINDS,
  InvalidQueryError,
  NotFoundError,
  compareVersions,
  getVersion,
  indexCheckWarning,
  listChanges,
  listStories,
  renderComparison,
  stealthReport,
  storyHistory,
  storySummary,
  verificationStatus,
  withMissing,
  type ChangeFilter,
  type HistoryOrder,
  type QueryDeps,
  type RedlineFormat,
} from './queries.ts';
import { openApiDocument } from './openapi.ts';

export interface ApiRequest {
  readonly method: string;
  /** The raw (still percent-encoded) path, without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /**
   * Where this request was received, as the transport knows it (the function URL's domain from the
   * Lambda request context, the local server's own address) — never the client's Host or
   * X-Forwarded-Host headers, which a client or a rebinding DNS name chooses.
   */
  readonly origin?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Static files of the web viewer, by path under `/viewer/` (and `index.html` for `/`). */
export interface ViewerAssets {
  get(name: string): { readonly contentType: string; readonly body: string } | undefined;
}

export interface ApiOptions {
  readonly viewer?: ViewerAssets;
  /** Logs unexpected failures (the 500s); the caller sees a generic message. */
  readonly onError?: (error: unknown, request: ApiRequest) => void;
  /**
   * The URL auditors reach this API at, for feed links and the OpenAPI `servers` entry (e.g. a
   * custom domain in front of the function URL). @default the request's `origin`
   */
  readonly publicUrl?: string;
  /**
   * `Host` header values this server answers (`127.0.0.1:4570`, …); any other is refused with 403
   * `host-not-served`, so a page on a rebinding DNS name cannot read the local API. @default any
   */
  readonly allowedHosts?: readonly string[];
}

export type ApiRouter = (request: ApiRequest) => Promise<ApiResponse>;

const JSON_TYPE = 'application/json; charset=utf-8';
const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
const VIEWER_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * Every answer that is not the viewer: nothing in it may load or run anything, so markup an editor
 * typed into a story stays inert even where a browser renders `compare?format=html` as a page.
 */
const DOCUMENT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
const DOCUMENT_HEADERS = { 'cache-control': 'no-store', 'content-security-policy': DOCUMENT_CSP, ...SECURITY_HEADERS };

function json(status: number, value: unknown, extra: Record<string, string> = {}): ApiResponse {
  return { status, headers: { 'content-type': JSON_TYPE, ...DOCUMENT_HEADERS, ...extra }, body: `${JSON.stringify(value, null, 2)}\n` };
}

function text(status: number, contentType: string, body: string): ApiResponse {
  return { status, headers: { 'content-type': contentType, ...DOCUMENT_HEADERS }, body };
}

function errorResponse(status: number, code: string, message: string, parameter?: string): ApiResponse {
  return json(status, { error: { code, message, ...(parameter ? { parameter } : {}) } });
}

// ---------------------------------------------------------------------------------------------
// Parameters

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new InvalidQueryError('path', `path segment "${raw}" is not valid percent-encoding`);
  }
}

function storyIdFrom(raw: string): string {
  const storyId = decodeSegment(raw);
  if (storyId === '' || storyId.length > 1024) throw new InvalidQueryError('story', 'story id must be 1–1024 characters');
  return storyId;
}

function versionNumber(raw: string | undefined, parameter: string): number {
  if (raw === undefined || raw === '') throw new InvalidQueryError(parameter, `${parameter} is required (a version number)`);
  if (!/^[1-9]\d{0,9}$/.test(raw)) throw new InvalidQueryError(parameter, `${parameter} must be a version number (1, 2, 3…); got "${raw}"`);
  return Number(raw);
}

function optionalLimit(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,6}$/.test(raw)) throw new InvalidQueryError('limit', `limit must be a positive integer; got "${raw}"`);
  return Number(raw);
}

function order(raw: string | undefined): HistoryOrder | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'newest' || raw === 'oldest') return raw;
  throw new InvalidQueryError('order', `order must be "newest" or "oldest"; got "${raw}"`);
}

function booleanParameter(raw: string | undefined, parameter: string): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new InvalidQueryError(parameter, `${parameter} must be true or false; got "${raw}"`);
}

/** `kind=number,quote` (or repeated `kind`, which payload v2 joins with commas). */
export function parseKinds(raw: string | undefined): ChangeKind[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  const kinds = raw.split(',').map((kind) => kind.trim()).filter((kind) => kind !== '');
  const unknown = kinds.filter((kind) => !(CHANGE_KINDS as readonly string[]).includes(kind));
  if (unknown.length > 0) throw new InvalidQueryError('kind', `unknown kind ${unknown.map((k) => `"${k}"`).join(', ')}; kinds are ${CHANGE_KINDS.join(', ')}`);
  return kinds as ChangeKind[];
}

function changeFilter(query: ApiRequest['query']): ChangeFilter {
  const kinds = parseKinds(query.kind);
  const stealth = booleanParameter(query.stealth, 'stealth');
  const editor = query.editor?.trim();
  return { ...(kinds ? { kinds } : {}), ...(stealth !== undefined ? { stealth } : {}), ...(editor ? { editor } : {}) };
}

const COMPARE_FORMATS = ['json', 'inline', 'unified', 'html', 'side-by-side'] as const;
type CompareFormat = (typeof COMPARE_FORMATS)[number];

function compareFormat(raw: string | undefined): CompareFormat {
  if (raw === undefined || raw === '') return 'json';
  if ((COMPARE_FORMATS as readonly string[]).includes(raw)) return raw as CompareFormat;
  throw new InvalidQueryError('format', `format must be one of ${COMPARE_FORMATS.join(', ')}; got "${raw}"`);
}

function layout(raw: string | undefined): 'inline' | 'side-by-side' {
  if (raw === undefined || raw === '' || raw === 'inline') return 'inline';
  if (raw === 'side-by-side') return 'side-by-side';
  throw new InvalidQueryError('layout', `layout must be "inline" or "side-by-side"; got "${raw}"`);
}

// ---------------------------------------------------------------------------------------------
// Atom feeds

/**
 * Characters XML 1.0 cannot carry at all, escaped or not (C0 controls other than tab, LF and CR,
 * U+FFFE/U+FFFF, unpaired surrogates): one in a headline would make the feed malformed for every
 * reader, so each becomes U+FFFD.
 */
const NOT_XML_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text for an XML element or attribute value. */
export function xmlText(value: string): string {
  return escapeHtml(value.replace(NOT_XML_CHARACTER, '\uFFFD'));
}

export function viewerLink(base: string, record: Pick<VersionRecord, 'storyId' | 'version' | 'comparedWith'>): string {
  const story = encodeURIComponent(record.storyId);
  const from = record.comparedWith?.version;
  return from !== undefined ? `${base}/#/stories/${story}/compare/${from}/${record.version}` : `${base}/#/stories/${story}/versions/${record.version}`;
}

function entryTitle(record: VersionRecord): string {
  const kinds = record.change?.kinds.join(', ') ?? record.status;
  return `${record.change?.stealth ? '[STEALTH] ' : ''}${record.storyId} v${record.version}: ${kinds}`;
}

function entrySummary(record: VersionRecord): string {
  const lines = [
    `Status: ${record.status}${record.revertOf !== undefined ? ` (revert to v${record.revertOf})` : ''}`,
    ...(record.headline ? [`Headline: ${record.headline}`] : []),
    ...(record.editor ? [`Editor: ${record.editor}`] : []),
    `Note: ${record.note ?? '(none)'}`,
    ...(record.change?.numbers ?? []).map((n) => `Figure: ${n.before ?? '∅'} → ${n.after ?? '∅'}`),
    ...(record.rejection ? [`Rejected: ${record.rejection.reason}`] : []),
  ];
  return lines.join('\n');
}

function atomFeed(options: { id: string; title: string; subtitle?: string; self: string; alternate: string; records: VersionRecord[]; base: string; now: string }): ApiResponse {
  const x = xmlText;
  const updated = options.records[0]?.eventTime ?? options.now;
  const entries = options.records.map((record) => {
    const link = viewerLink(options.base, record);
    return [
      '  <entry>',
      `    <id>urn:redline:${x(encodeURIComponent(record.storyId))}:v${record.version}</id>`,
      `    <title>${x(entryTitle(record))}</title>`,
      `    <updated>${x(record.eventTime)}</updated>`,
      `    <author><name>${x(record.editor ?? record.uploader ?? 'unknown')}</name></author>`,
      `    <link rel="alternate" type="text/html" href="${x(link)}"/>`,
      ...(record.change?.kinds ?? []).map((kind) => `    <category term="${x(kind)}"/>`),
      ...(record.change?.stealth ? ['    <category term="stealth"/>'] : []),
      `    <summary type="text">${x(entrySummary(record))}</summary>`,
      '  </entry>',
    ].join('\n');
  });
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${x(options.id)}</id>`,
    `  <title>${x(options.title)}</title>`,
    ...(options.subtitle ? [`  <subtitle>${x(options.subtitle)}</subtitle>`] : []),
    `  <updated>${x(updated)}</updated>`,
    '  <generator>Redline</generator>',
    `  <link rel="self" type="application/atom+xml" href="${x(options.self)}"/>`,
    `  <link rel="alternate" type="text/html" href="${x(options.alternate)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
  return text(200, 'application/atom+xml; charset=utf-8', xml);
}

const FEED_ENTRIES = 50;

/** Atom feed of signed checkpoints, newest first: each entry's content is the signed note, for witnesses to keep. */
function checkpointsFeed(checkpoints: readonly LogState[], base: string, now: string): ApiResponse {
  const x = xmlText;
  const origin = checkpoints[0]?.origin ?? 'redline';
  const xml = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>urn:redline:log:${x(encodeURIComponent(origin))}</id>`,
    `  <title>Redline transparency log checkpoints: ${x(origin)}</title>`,
    `  <updated>${x(checkpoints[0]?.signedAt ?? now)}</updated>`,
    '  <generator>Redline</generator>',
    `  <link rel="self" type="application/atom+xml" href="${x(`${base}/log/checkpoints.atom`)}"/>`,
    ...checkpoints.map((checkpoint) =>
      [
        '  <entry>',
        `    <id>urn:redline:log:${x(encodeURIComponent(checkpoint.origin))}:${checkpoint.size}</id>`,
        `    <title>${x(`${checkpoint.origin}: ${checkpoint.size} records, root ${checkpoint.rootHash}`)}</title>`,
        `    <updated>${x(checkpoint.signedAt)}</updated>`,
        '    <author><name>Redline log integrator</name></author>',
        `    <content type="text">${x(checkpoint.checkpoint)}</content>`,
        '  </entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
  return text(200, 'application/atom+xml; charset=utf-8', xml);
}

// ---------------------------------------------------------------------------------------------
// Routes

type Handler = (segments: string[], request: ApiRequest) => Promise<ApiResponse>;

export function createApiRouter(deps: QueryDeps, options: ApiOptions = {}): ApiRouter {
  /** Where the API is reachable: configured, else where the transport received the request. */
  const baseUrl = (request: ApiRequest): string => (options.publicUrl ?? request.origin ?? 'http://localhost').replace(/\/+$/, '');
  const allowedHosts = options.allowedHosts ? new Set(options.allowedHosts.map((host) => host.toLowerCase())) : undefined;

  const storyRoutes: Record<string, Handler> = {
    '': async ([raw]) => json(200, await storySummary(deps, storyIdFrom(raw!))),
    async versions([raw], { query }) {
      const page = await storyHistory(deps, storyIdFrom(raw!), { order: order(query.order), limit: optionalLimit(query.limit), cursor: query.cursor });
      return json(200, page);
    },
    async compare([raw], { query }) {
      const storyId = storyIdFrom(raw!);
      const format = compareFormat(query.format);
      const view = layout(query.layout);
      const comparison = await compareVersions(deps, storyId, versionNumber(query.from, 'from'), versionNumber(query.to, 'to'));
      if (format === 'json') {
        const { before: _before, after: _after, ...rest } = comparison;
        return json(200, { ...rest, layout: view, html: renderComparison(comparison, view === 'inline' ? 'html' : 'side-by-side') });
      }
      const rendered = renderComparison(comparison, format as RedlineFormat);
      return text(200, format === 'html' || format === 'side-by-side' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8', rendered);
    },
    async verify([raw]) {
      return json(200, await verificationStatus(deps, storyIdFrom(raw!)));
    },
    async 'feed.atom'([raw], request) {
      const storyId = storyIdFrom(raw!);
      // A feed lists what was recorded last: a restored archived upload is news when it is recorded.
      const page = await storyHistory(deps, storyId, { order: 'newest', limit: FEED_ENTRIES, recordedOrder: true });
      const base = baseUrl(request);
      const story = encodeURIComponent(storyId);
      return atomFeed({
        id: `urn:redline:${story}`,
        title: `Redline: ${storyId}`,
        self: `${base}/stories/${story}/feed.atom`,
        alternate: `${base}/#/stories/${story}`,
        records: page.items,
        base,
        now: deps.clock().toISOString(),
      });
    },
  };

  const route = async (request: ApiRequest): Promise<ApiResponse> => {
    const raw = request.path.split('/').slice(1);
    const [head, ...rest] = raw;
    if (request.path === '/' || request.path === '' || request.path === '/index.html') return viewerFile('index.html');
    if (head === 'viewer' && rest.length === 1) return viewerFile(decodeSegment(rest[0]!));
    if (raw.length === 1 && head === 'openapi.json') return json(200, openApiDocument(baseUrl(request)));
    if (raw.length === 1 && head === 'vocabulary') return json(200, vocabularyDocument());
    if (raw.length === 1 && head === 'stories') {
      return json(200, await listStories(deps, { limit: optionalLimit(request.query.limit), cursor: request.query.cursor }));
    }
    if (head === 'stories' && rest.length >= 1) {
      const [id, action = '', ...more] = rest;
      if (action === 'versions' && more.length === 1) {
        return json(200, await getVersion(deps, storyIdFrom(id!), versionNumber(more[0], 'version')));
      }
      const handler = more.length === 0 ? storyRoutes[action] : undefined;
      if (handler && Object.hasOwn(storyRoutes, action)) return handler([id!], request);
      return errorResponse(
        404,
        'no-such-route',
        `no route for ${request.path}. Story ids are one path segment with "/" encoded as %2F, e.g. /stories/${encodeURIComponent('world/valdera-earthquake')}/versions`,
      );
    }
    if (raw.length === 1 && head === 'changes') {
      const page = await listChanges(deps, {
        since: request.query.since,
        until: request.query.until,
        filter: changeFilter(request.query),
        order: order(request.query.order),
        limit: optionalLimit(request.query.limit),
        cursor: request.query.cursor,
      });
      return json(200, page);
    }
    if (raw.length === 1 && head === 'stealth') {
      const page = await stealthReport(deps, {
        since: request.query.since,
        until: request.query.until,
        limit: optionalLimit(request.query.limit),
        cursor: request.query.cursor,
      });
      return json(200, page);
    }
    if (head === 'log') return logRoute(rest, request);
    if (raw.length === 2 && head === 'feeds' && rest[0] === 'changes.atom') {
      const filter = changeFilter(request.query);
      const page = await listChanges(deps, { since: request.query.since, until: request.query.until, filter, limit: FEED_ENTRIES });
      const base = baseUrl(request);
      const warning = indexCheckWarning(page.indexCheck);
      return atomFeed({
        id: 'urn:redline:changes',
        title: `Redline: changes${filter.stealth ? ' (stealth)' : ''}${filter.kinds ? ` (${filter.kinds.join(', ')})` : ''}`,
        // Versions whose index keys were removed still appear, read from the story records, and the feed says so.
        ...(warning ? { subtitle: warning } : {}),
        self: `${base}/feeds/changes.atom`,
        alternate: `${base}/#/changes`,
        records: withMissing(page.items, page.indexCheck).slice(0, FEED_ENTRIES),
        base,
        now: deps.clock().toISOString(),
      });
    }
    return errorResponse(404, 'no-such-route', `no route for ${request.path}; see /openapi.json`);
  };

  const logRoute = async ([what, ...more]: string[], request: ApiRequest): Promise<ApiResponse> => {
    const log = deps.log;
    if (!log) return errorResponse(404, 'no-log', 'this target keeps no transparency log');
    try {
      if (what === 'checkpoint' && more.length === 0) return json(200, viewOf((await currentCheckpoint(log)).state));
      if (what === 'checkpoint.txt' && more.length === 0) return text(200, 'text/plain; charset=utf-8', (await currentCheckpoint(log)).state.checkpoint);
      if (what === 'proofs' && more.length === 2) {
        const storyId = storyIdFrom(more[0]!);
        const version = versionNumber(more[1], 'version');
        const record = await deps.ledger.getVersion(storyId, version);
        if (!record) throw new NotFoundError(`story "${storyId}" has no version ${version}`);
        return json(200, await proveRecord(record, log));
      }
      if (what === 'consistency' && more.length === 0) {
        const from = request.query.from;
        if (from === undefined || !/^\d{1,15}$/.test(from)) throw new InvalidQueryError('from', 'from must be the tree size of a checkpoint you kept (0, 1, 2…)');
        return json(200, await consistencyFromSize(Number(from), log));
      }
      if (what === 'checkpoints.atom' && more.length === 0) return checkpointsFeed(await log.log.checkpoints(FEED_ENTRIES), baseUrl(request), deps.clock().toISOString());
    } catch (error) {
      if (error instanceof NotInLogError) return errorResponse(404, 'not-in-log', error.message);
      if (error instanceof LogVerificationError) return errorResponse(409, error.kind, error.message);
      throw error;
    }
    return errorResponse(404, 'no-such-route', `no route for ${request.path}; see /openapi.json`);
  };

  const viewerFile = (name: string): ApiResponse => {
    const asset = options.viewer?.get(name);
    if (!asset) return errorResponse(404, 'no-such-file', options.viewer ? `no viewer file "${name}"` : 'the web viewer is not served here');
    return { status: 200, headers: { 'content-type': asset.contentType, 'cache-control': 'no-cache', 'content-security-policy': VIEWER_CSP, ...SECURITY_HEADERS }, body: asset.body };
  };

  return async (request) => {
    if (allowedHosts && !allowedHosts.has((request.headers?.host ?? '').toLowerCase())) {
      return errorResponse(403, 'host-not-served', `this server answers requests for ${[...allowedHosts].join(', ')} only`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const response = errorResponse(405, 'method-not-allowed', 'the Redline API is read-only: use GET');
      return { ...response, headers: { ...response.headers, allow: 'GET, HEAD' } };
    }
    try {
      return await route(request);
    } catch (error) {
      if (error instanceof InvalidQueryError) return errorResponse(400, 'bad-parameter', error.message, error.parameter);
      if (error instanceof NotFoundError) return errorResponse(404, 'not-found', error.message);
      options.onError?.(error, request);
      return errorResponse(500, 'internal', 'Redline could not answer this request; the error was logged');
    }
  };
}
