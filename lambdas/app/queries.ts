// Use cases of the auditor surfaces (API, viewer, CLI): read-only questions about stories and their
// versions, answered from the ledger's keys and indexes, never by scanning the table.
import type { LogDeps } from './transparency-log.ts';
import {
  compareDocuments,
  parseCanonical,
  renderHtml,
  renderInline,
  renderUnified,
  type ChangeKind,
  type ChangeSummary,
  type StoryDocument,
} from '../core/engine/index.ts';
import { InvalidCursorError } from '../core/errors.ts';
import { inS3Order, isArchivedRejection, type VersionRecord, type VersionStatus } from '../core/ledger.ts';
import type { RevisionFormat } from '../core/vocabulary.ts';
import type { Archive, Ledger, Page, StartKey, StoryQueries, StorySummary } from '../ports.ts';
import { verifyStory, type StoryVerification } from './verify.ts';

export interface QueryDeps {
  readonly ledger: Ledger;
  readonly archive: Archive;
  readonly queries: StoryQueries;
  readonly clock: () => Date;
  /** The transparency log (checkpoints, proofs), where the target keeps one. */
  readonly log?: LogDeps;
}

/** A parameter the caller got wrong; surfaces as HTTP 400 / CLI exit 2. */
export class InvalidQueryError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

/** The story or version asked for does not exist; surfaces as HTTP 404 / CLI exit 3. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;
/** Longest window `changes` accepts: one GSI2 partition per day, so the window bounds the work. */
export const MAX_WINDOW_DAYS = 366;
/** Default window of `changes` and the stealth report when no `since` is given. */
export const DEFAULT_WINDOW_DAYS = 7;
/**
 * Index reads one page of `changes` may spend. With selective facets (kind, editor) over a long
 * window a page can come back short, with a cursor to continue: latency stays bounded per request.
 */
const MAX_READS_PER_PAGE = 40;
const FILTERED_READ_SIZE = 250;

export { CHANGE_KINDS } from '../core/vocabulary.ts';

// ---------------------------------------------------------------------------------------------
// Cursors: opaque to callers, bound to the question they continue so a cursor from another story
// or window is rejected instead of confusing the store.

type CursorState =
  | { readonly q: 'stories'; readonly k: StartKey }
  | { readonly q: 'history'; readonly s: string; readonly o: 'newest' | 'oldest'; readonly c: string }
  | { readonly q: 'changes'; readonly w: string; readonly d: number; readonly k?: StartKey };

function encodeCursor(state: CursorState): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

/** A start key names table attributes with string values only (every Redline key is a string). */
function isStartKey(value: unknown): value is StartKey {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/** Guards against hand-edited cursors reaching the store as malformed start keys. */
function wellFormed(state: CursorState): boolean {
  switch (state.q) {
    case 'stories':
      return isStartKey(state.k);
    case 'history':
      return typeof state.s === 'string' && (state.o === 'newest' || state.o === 'oldest') && typeof state.c === 'string';
    case 'changes':
      return typeof state.w === 'string' && Number.isInteger(state.d) && state.d >= 0 && (state.k === undefined || isStartKey(state.k));
    default:
      return false;
  }
}

/** A start key the store refused as not its own becomes the caller's mistake (400), not a 500. */
function rethrowCursorError(error: unknown): never {
  if (error instanceof InvalidCursorError) throw new InvalidQueryError('cursor', 'cursor is not one this query issued; pass the cursor from the previous page unchanged');
  throw error;
}

function decodeCursor<Q extends CursorState['q']>(cursor: string | undefined, q: Q): Extract<CursorState, { q: Q }> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorState;
    if (typeof state === 'object' && state !== null && state.q === q && wellFormed(state)) return state as Extract<CursorState, { q: Q }>;
  } catch {
    // reported below
  }
  throw new InvalidQueryError('cursor', 'cursor is not one this query issued; pass the cursor from the previous page unchanged');
}

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidQueryError('limit', `limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}

// ---------------------------------------------------------------------------------------------
// Stories

/** Stories, most recently changed first (GSI1). */
export async function listStories(deps: QueryDeps, options: { limit?: number; cursor?: string } = {}): Promise<Page<StorySummary>> {
  const limit = pageSize(options.limit);
  const state = decodeCursor(options.cursor, 'stories');
  const page = await deps.queries.storiesByLastChange({ limit, ...(state ? { startKey: state.k } : {}) }).catch(rethrowCursorError);
  return { items: page.items, ...(page.lastKey ? { cursor: encodeCursor({ q: 'stories', k: page.lastKey }) } : {}) };
}

export async function storySummary(deps: QueryDeps, storyId: string): Promise<StorySummary> {
  const summary = await deps.ledger.summary(storyId);
  if (!summary) throw new NotFoundError(`no story "${storyId}"`);
  return summary;
}

export type HistoryOrder = 'newest' | 'oldest';

/**
 * A story's versions, paged, newest or oldest first (the story's own partition, `V#` items), in
 * S3's order: an `unarchived` version (an archived upload restored and recorded later) is listed
 * next to the rejected version it restores, on that version's page, not at its own number.
 * `recordedOrder` lists every record at its own number instead (the feed: what was recorded last).
 */
export async function storyHistory(
  deps: QueryDeps,
  storyId: string,
  options: { order?: HistoryOrder; limit?: number; cursor?: string; recordedOrder?: boolean } = {},
): Promise<Page<VersionRecord>> {
  const order = options.order ?? 'newest';
  const limit = pageSize(options.limit);
  const state = decodeCursor(options.cursor, 'history');
  if (state && (state.s !== storyId || state.o !== order)) {
    throw new InvalidQueryError('cursor', 'cursor belongs to another story or order');
  }
  const page = await deps.ledger
    .history(storyId, { newestFirst: order === 'newest', limit, ...(state ? { cursor: state.c } : {}) })
    .catch((error: unknown) => {
      if (error instanceof InvalidCursorError) throw new InvalidQueryError('cursor', 'cursor is not one this query issued; pass the cursor from the previous page unchanged');
      throw error;
    });
  if (!state && page.items.length === 0) throw new NotFoundError(`no story "${storyId}"`);
  const items = options.recordedOrder ? page.items : await placeRestored(deps, storyId, page.items, order === 'newest');
  return { items, ...(page.cursor ? { cursor: encodeCursor({ q: 'history', s: storyId, o: order, c: page.cursor }) } : {}) };
}

/** One page of a history in S3's order (see storyHistory); the archive index says which version restored which. */
async function placeRestored(deps: QueryDeps, storyId: string, records: readonly VersionRecord[], newestFirst: boolean): Promise<VersionRecord[]> {
  if (!records.some((record) => record.status === 'unarchived' || isArchivedRejection(record))) return [...records];
  const onPage = new Map(records.map((record) => [record.version, record]));
  const restorers = new Map<number, VersionRecord>();
  for (const entry of await deps.ledger.archivedVersions(storyId)) {
    if (!entry.restoredAs || !(onPage.has(entry.version) || onPage.has(entry.restoredAs.version))) continue;
    const restorer = onPage.get(entry.restoredAs.version) ?? (await deps.ledger.getVersion(storyId, entry.restoredAs.version));
    // The index is derived data: only a record that says so is moved.
    if (restorer?.status === 'unarchived' && restorer.restores === entry.version) restorers.set(entry.version, restorer);
  }
  return inS3Order(records, restorers, newestFirst);
}

// ---------------------------------------------------------------------------------------------
// Versions and comparisons

export interface VersionView {
  readonly record: VersionRecord;
  /** The version's canonical text (content versions), exactly as archived and hashed. */
  readonly canonical?: string;
  readonly document?: StoryDocument;
}

async function requireVersion(deps: QueryDeps, storyId: string, version: number): Promise<VersionRecord> {
  const record = await deps.ledger.getVersion(storyId, version);
  if (record) return record;
  const summary = await deps.ledger.summary(storyId);
  throw new NotFoundError(summary ? `story "${storyId}" has no version ${version} (latest is ${summary.latestVersion})` : `no story "${storyId}"`);
}

async function canonicalText(deps: QueryDeps, sha256: string): Promise<string> {
  const text = await deps.archive.getCanonical(sha256);
  if (text === undefined) throw new Error(`the archive is missing canonical text ${sha256}`);
  return text;
}

/** One version: its record and, for content versions, its canonical text and document. */
export async function getVersion(deps: QueryDeps, storyId: string, version: number): Promise<VersionView> {
  const record = await requireVersion(deps, storyId, version);
  if (!record.sha256) return { record };
  const canonical = await canonicalText(deps, record.sha256);
  return { record, canonical, document: parseCanonical(canonical) };
}

const EMPTY_STORY: StoryDocument = { headline: '', body: [] };

/**
 * The text a version stands for: its own content, the content it kept (a rejected upload leaves
 * the story as it was), or nothing once the story was deleted.
 */
function contentShaOf(record: VersionRecord): string | undefined {
  if (record.status === 'deleted') return undefined;
  return record.sha256 ?? record.content?.sha256;
}

export interface ComparedVersion {
  readonly version: number;
  readonly status: VersionStatus;
  readonly eventTime: string;
  readonly editor?: string;
  readonly note?: string;
  readonly headline?: string;
  readonly sha256?: string;
  readonly stealth: boolean;
  /** An `unarchived` version: the rejected version whose place in S3's order it takes. */
  readonly restores?: number;
}

export interface Comparison {
  readonly storyId: string;
  readonly from: ComparedVersion;
  readonly to: ComparedVersion;
  /** What changed from `from` to `to`, classified as the engine classifies a new revision. */
  readonly change: ChangeSummary;
  readonly before: StoryDocument;
  readonly after: StoryDocument;
}

function comparedVersion(record: VersionRecord): ComparedVersion {
  const sha256 = contentShaOf(record);
  return {
    version: record.version,
    status: record.status,
    eventTime: record.eventTime,
    ...(record.editor !== undefined ? { editor: record.editor } : {}),
    ...(record.note !== undefined ? { note: record.note } : {}),
    ...(record.headline !== undefined ? { headline: record.headline } : {}),
    ...(sha256 ? { sha256 } : {}),
    stealth: record.change?.stealth === true,
    ...(record.restores !== undefined ? { restores: record.restores } : {}),
  };
}

/** Compares any two versions of a story (not only neighbours, either direction). */
export async function compareVersions(deps: QueryDeps, storyId: string, from: number, to: number): Promise<Comparison> {
  const [fromRecord, toRecord] = await Promise.all([requireVersion(deps, storyId, from), requireVersion(deps, storyId, to)]);
  const load = async (record: VersionRecord) => {
    const sha = contentShaOf(record);
    return sha ? parseCanonical(await canonicalText(deps, sha)) : EMPTY_STORY;
  };
  const [before, after] = await Promise.all([load(fromRecord), load(toRecord)]);
  const formatOf = (record: VersionRecord) => record.format as RevisionFormat | undefined;
  const { summary } = compareDocuments(before, after, { previousFormat: formatOf(fromRecord), nextFormat: formatOf(toRecord) });
  return { storyId, from: comparedVersion(fromRecord), to: comparedVersion(toRecord), change: summary, before, after };
}

export type RedlineFormat = 'inline' | 'unified' | 'html' | 'side-by-side';

/** Renders a comparison for people: terminal inline redline, unified diff, or an HTML fragment. */
export function renderComparison(comparison: Comparison, format: RedlineFormat, options: { color?: boolean } = {}): string {
  const { before, after, storyId } = comparison;
  switch (format) {
    case 'inline':
      return renderInline(before, after, { color: options.color ?? false, changedOnly: false });
    case 'unified':
      return renderUnified(before, after, { fromLabel: `${storyId} v${comparison.from.version}`, toLabel: `${storyId} v${comparison.to.version}` });
    case 'html':
      return renderHtml(before, after, { layout: 'inline' });
    case 'side-by-side':
      return renderHtml(before, after, { layout: 'side-by-side' });
  }
}

// ---------------------------------------------------------------------------------------------
// Changes across stories

export interface ChangeFilter {
  /** Any of these kinds (OR). */
  readonly kinds?: readonly ChangeKind[];
  readonly stealth?: boolean;
  /** Exact editor name, case-insensitive. */
  readonly editor?: string;
}

export interface TimeWindow {
  /** Inclusive ISO 8601 instant. */
  readonly since: string;
  /** Exclusive ISO 8601 instant. */
  readonly until: string;
}

/**
 * What the first page of a changes or stealth listing found by reading the stories' own records:
 * versions of the window that answer the question but that the index it reads does not hold where
 * their records say (index keys removed or altered — they are outside the hash chain; `verify`
 * names the first one per story). The pages omit them; `missing` carries them.
 */
export interface IndexCheck {
  readonly missing: VersionRecord[];
  /** Stories read: those changed in the window, most recent first. */
  readonly storiesChecked: number;
  /** False when more than MAX_CHECKED_STORIES stories changed in the window: the rest were not read. */
  readonly complete: boolean;
}

export interface ChangesPage extends Page<VersionRecord> {
  readonly window: TimeWindow;
  /** On the first page only (no cursor). */
  readonly indexCheck?: IndexCheck;
}

/** Stories the index check of one window reads at most (one Query each, on the first page only). */
export const MAX_CHECKED_STORIES = 200;

const DAY_MS = 86_400_000;

/**
 * Parses a time parameter: an ISO 8601 instant (`2026-11-24T03:00:00Z`), a UTC date (`2026-11-24`,
 * its midnight), an age (`90m`, `24h`, `7d`) before `now`, or `now` itself.
 */
export function parseInstant(value: string, parameter: string, now: Date): string {
  if (value === 'now') return now.toISOString();
  const age = /^(\d{1,6})([mhd])$/.exec(value);
  if (age) {
    const unit = { m: 60_000, h: 3_600_000, d: DAY_MS }[age[2] as 'm' | 'h' | 'd'];
    return new Date(now.getTime() - Number(age[1]) * unit).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) {
    const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(time)) return new Date(time).toISOString();
  }
  throw new InvalidQueryError(parameter, `${parameter} must be an ISO 8601 time (2026-11-24T03:00:00Z), a date (2026-11-24), an age (90m, 24h, 7d) or now; got "${value}"`);
}

export function resolveWindow(since: string | undefined, until: string | undefined, now: Date): TimeWindow {
  const end = until !== undefined && until !== 'now' ? parseInstant(until, 'until', now) : new Date(now.getTime() + 1).toISOString();
  const start = since !== undefined ? parseInstant(since, 'since', now) : new Date(Date.parse(end) - DEFAULT_WINDOW_DAYS * DAY_MS).toISOString();
  if (start >= end) throw new InvalidQueryError('since', 'since must be earlier than until');
  if (Date.parse(end) - Date.parse(start) > MAX_WINDOW_DAYS * DAY_MS) {
    throw new InvalidQueryError('since', `the window may span at most ${MAX_WINDOW_DAYS} days; page through longer periods window by window`);
  }
  return { since: start, until: end };
}

/** The UTC days a window touches, in reading order. */
function daysOf(window: TimeWindow, newestFirst: boolean): string[] {
  const days: string[] = [];
  const last = new Date(Date.parse(window.until) - 1).toISOString().slice(0, 10);
  for (let day = window.since.slice(0, 10); day <= last; day = new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10)) {
    days.push(day);
  }
  return newestFirst ? days.reverse() : days;
}

export function matchesFilter(record: VersionRecord, filter: ChangeFilter): boolean {
  if (filter.stealth !== undefined && (record.change?.stealth === true) !== filter.stealth) return false;
  if (filter.kinds && filter.kinds.length > 0 && !filter.kinds.some((kind) => record.change?.kinds.includes(kind))) return false;
  if (filter.editor !== undefined && record.editor?.toLowerCase() !== filter.editor.toLowerCase()) return false;
  return true;
}

/** The window's versions that answer `filter` but are missing from the index the listing reads. */
async function checkIndexes(deps: QueryDeps, window: TimeWindow, filter: ChangeFilter): Promise<IndexCheck> {
  const found = await deps.queries.unindexedVersions({ from: window.since, to: window.until, maxStories: MAX_CHECKED_STORIES });
  const stealthOnly = filter.stealth === true;
  const missing = found.items.filter((item) => (stealthOnly ? item.offStealth : item.offChanges) && matchesFilter(item.record, filter)).map((item) => item.record);
  return { missing, storiesChecked: found.storiesChecked, complete: found.complete };
}

/** What an auditor must be told about an index check, in one line; undefined when nothing was missed or left unread. */
export function indexCheckWarning(check: IndexCheck | undefined): string | undefined {
  if (!check) return undefined;
  const parts: string[] = [];
  if (check.missing.length > 0) {
    const named = check.missing.slice(0, 5).map((record) => `${record.storyId} v${record.version}`).join(', ');
    const more = check.missing.length > 5 ? ` and ${check.missing.length - 5} more` : '';
    parts.push(
      `index keys missing for ${check.missing.length} version${check.missing.length === 1 ? '' : 's'} in this window (${named}${more}): read from the story records instead — run redline verify`,
    );
  }
  if (!check.complete) {
    parts.push(`more than ${check.storiesChecked} stories changed in this window: only the ${check.storiesChecked} most recently changed were checked for missing index keys`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A page's records with the ones its index missed, in the listing's order (each version once). */
export function withMissing(records: readonly VersionRecord[], check: IndexCheck | undefined, newestFirst = true): VersionRecord[] {
  if (!check || check.missing.length === 0) return [...records];
  const seen = new Set(records.map((record) => `${record.storyId}\u0000${record.version}`));
  const all = [...records, ...check.missing.filter((record) => !seen.has(`${record.storyId}\u0000${record.version}`))];
  const sortKey = (record: VersionRecord) => `${record.eventTime}#${record.storyId}#${String(record.version).padStart(10, '0')}`;
  // The index's own sort key order (GSI2SK), compared as strings, not by locale.
  const before = (a: VersionRecord, b: VersionRecord) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0);
  return all.sort((a, b) => (newestFirst ? before(b, a) : before(a, b)));
}

/**
 * Version records of every story with event time in the window, newest first by default: one
 * GSI2 query per UTC day (GSI3, the sparse stealth index, for stealth edits), read in day order,
 * so the pages merge into one time-ordered list. The other facets (kind, editor, not-stealth) are
 * applied to the records the key query returned.
 */
export async function listChanges(
  deps: QueryDeps,
  options: { since?: string; until?: string; filter?: ChangeFilter; order?: HistoryOrder; limit?: number; cursor?: string } = {},
): Promise<ChangesPage> {
  const limit = pageSize(options.limit);
  const newestFirst = (options.order ?? 'newest') === 'newest';
  const filter = options.filter ?? {};
  const state = decodeCursor(options.cursor, 'changes');
  // A cursor carries its window so "the last 24h" does not slide between pages.
  const window = state ? windowFromCursor(state.w) : resolveWindow(options.since, options.until, deps.clock());
  const bind = `${window.since}|${window.until}|${newestFirst ? 'n' : 'o'}`;
  if (state && state.w !== bind) throw new InvalidQueryError('cursor', 'cursor belongs to another window or order');
  const days = daysOf(window, newestFirst);
  if (state && state.d >= days.length) throw new InvalidQueryError('cursor', 'cursor is not one this query issued');
  // The first page also reads the stories' own records for what the index misses (started now, awaited last).
  const indexCheck = state ? undefined : checkIndexes(deps, window, filter);
  indexCheck?.catch(() => undefined); // awaited below; never an unhandled rejection if the listing fails first
  // Stealth edits have their own sparse index; only the other facets are applied after the query.
  const stealthOnly = filter.stealth === true;
  const filtered = filter.kinds !== undefined || filter.stealth === false || filter.editor !== undefined;
  const items: VersionRecord[] = [];
  let dayIndex = state?.d ?? 0;
  let startKey: StartKey | undefined = state?.k;
  let reads = 0;
  while (dayIndex < days.length && items.length < limit && reads < MAX_READS_PER_PAGE) {
    reads++;
    const page = await deps.queries
      .changesOnDay(days[dayIndex]!, {
        from: window.since,
        to: window.until,
        newestFirst,
        // Facets drop records after the key query: read wide pages then (each item carries its own
        // position, so the page can still end exactly after the last record returned).
        limit: filtered ? FILTERED_READ_SIZE : limit - items.length,
        stealthOnly,
        ...(startKey ? { startKey } : {}),
      })
      .catch(rethrowCursorError);
    let consumedAll = true;
    for (const { record, position } of page.items) {
      if (items.length === limit) {
        consumedAll = false;
        break;
      }
      startKey = position;
      if (matchesFilter(record, filter)) items.push(record);
    }
    if (consumedAll && !page.lastKey) {
      dayIndex++;
      startKey = undefined;
    } else if (consumedAll) {
      startKey = page.lastKey;
    }
  }
  const more = dayIndex < days.length;
  return {
    items,
    window,
    ...(more ? { cursor: encodeCursor({ q: 'changes', w: bind, d: dayIndex, ...(startKey ? { k: startKey } : {}) }) } : {}),
    ...(indexCheck ? { indexCheck: await indexCheck } : {}),
  };
}

const CURSOR_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The window a cursor carries, held to the rules of a fresh query (exact instants, since before
 * until, at most MAX_WINDOW_DAYS): cursors are not signed, so an edited one must not buy a longer
 * window than the parameters would.
 */
function windowFromCursor(bound: string): TimeWindow {
  const [since = '', until = '', order, ...rest] = bound.split('|');
  const exact = (instant: string) => CURSOR_INSTANT.test(instant) && new Date(Date.parse(instant)).toISOString() === instant;
  const valid =
    rest.length === 0 &&
    (order === 'n' || order === 'o') &&
    exact(since) &&
    exact(until) &&
    since < until &&
    Date.parse(until) - Date.parse(since) <= MAX_WINDOW_DAYS * DAY_MS;
  if (!valid) throw new InvalidQueryError('cursor', `cursor is not one this query issued (a window is at most ${MAX_WINDOW_DAYS} days)`);
  return { since, until };
}

/** Every stealth revision (a substantive change with no update or correction note) in a window. */
export async function stealthReport(
  deps: QueryDeps,
  options: { since?: string; until?: string; limit?: number; cursor?: string } = {},
): Promise<ChangesPage> {
  return listChanges(deps, { ...options, filter: { stealth: true } });
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Recomputes the story's chain from its records and archived texts (see verify.ts). */
export async function verificationStatus(deps: QueryDeps, storyId: string): Promise<StoryVerification> {
  const result = await verifyStory(storyId, deps);
  if (result.versions === 0) throw new NotFoundError(`no story "${storyId}"`);
  return result;
}
