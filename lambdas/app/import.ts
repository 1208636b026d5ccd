// Use case: record an existing archive of revisions (a folder tree, a git history, JSON Lines)
// through the same ledger rules as uploads. Each story's revisions become versions in the
// archive's order, one story at a time per writer; different stories in parallel. Every record
// carries the archive's id of its revision (`source.versionId`, with `source.eventName`
// `Import:<kind>`), so running the import again resumes after the last one recorded: nothing is
// recorded twice, and an interrupted import finishes where it stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { VersionConflictError } from '../core/errors.ts';
import { chainRecord, type VersionRecord } from '../core/ledger.ts';
import type { ArchivedRevision, ArchivedStory, ArchiveProblem, RevisionArchive } from '../ports.ts';
import { ConflictRetriesExhaustedError, contentRecord, type IngestDeps, type RecordBase, type StoryMemory } from './ingest.ts';

export interface ImportProgress {
  /** Revisions handled so far (recorded now or found recorded before), of `total`. */
  readonly done: number;
  readonly total: number;
  readonly recorded: number;
  readonly storyId: string;
}

export interface ImportResult {
  readonly source: string;
  readonly stories: number;
  readonly revisions: number;
  /** Versions this run recorded (including rejected ones). */
  readonly recorded: number;
  /** Of those, recorded as `rejected` (unreadable content or metadata). */
  readonly rejected: number;
  /** Revisions an earlier run had recorded already. */
  readonly alreadyRecorded: number;
  /** Entries that name no usable story (not recorded). */
  readonly problems: readonly ArchiveProblem[];
  readonly seconds: number;
  readonly revisionsPerSecond: number;
}

export interface ImportOptions {
  /** Stories recorded at once. @default 8 */
  readonly concurrency?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** Stories read; called once before the first revision is recorded. */
  readonly onPlan?: (plan: { readonly stories: number; readonly revisions: number; readonly problems: number }) => void;
}

const MAX_CONFLICT_ATTEMPTS = 12;

export async function importArchive(archive: RevisionArchive, deps: IngestDeps, options: ImportOptions = {}): Promise<ImportResult> {
  const started = performance.now();
  const { stories, problems } = await archive.read();
  const total = stories.reduce((sum, story) => sum + story.revisions.length, 0);
  options.onPlan?.({ stories: stories.length, revisions: total, problems: problems.length });
  const totals = { done: 0, recorded: 0, rejected: 0, alreadyRecorded: 0 };
  let next = 0;
  const worker = async () => {
    while (next < stories.length) {
      const story = stories[next++]!;
      await importStory(story, archive.kind, deps, {
        skipped: (count) => {
          totals.alreadyRecorded += count;
          totals.done += count;
          if (count > 0) options.onProgress?.({ done: totals.done, total, recorded: totals.recorded, storyId: story.storyId });
        },
        recorded: (record) => {
          totals.recorded += 1;
          if (record.status === 'rejected') totals.rejected += 1;
          totals.done += 1;
          options.onProgress?.({ done: totals.done, total, recorded: totals.recorded, storyId: story.storyId });
        },
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, stories.length)) }, worker));
  } finally {
    await archive.close?.();
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    source: archive.description,
    stories: stories.length,
    revisions: total,
    recorded: totals.recorded,
    rejected: totals.rejected,
    alreadyRecorded: totals.alreadyRecorded,
    problems,
    seconds,
    revisionsPerSecond: totals.recorded / seconds,
  };
}

/** Records the story's revisions the ledger lacks, in order; re-plans when another writer got in first. */
async function importStory(
  story: ArchivedStory,
  kind: RevisionArchive['kind'],
  deps: IngestDeps,
  report: { skipped(count: number): void; recorded(record: VersionRecord): void },
): Promise<void> {
  const eventName = `Import:${kind}`;
  let reported = 0;
  for (let attempt = 1; attempt <= MAX_CONFLICT_ATTEMPTS; attempt++) {
    let latest = await deps.ledger.latest(story.storyId);
    if (latest) await deps.ledger.rollForward(latest);
    const start = await resumeAt(story, eventName, latest, deps);
    if (start > reported) {
      report.skipped(start - reported);
      reported = start;
    }
    const memory: StoryMemory = { documents: new Map(), contentVersions: new Map(), complete: latest === undefined };
    try {
      for (let index = start; index < story.revisions.length; index++) {
        const record = await importedRecord(story.storyId, story.revisions[index]!, eventName, latest, deps, memory);
        await deps.ledger.append(record);
        await deps.ledger.rollForward(record);
        latest = record;
        reported = index + 1;
        report.recorded(record);
      }
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      await sleep(Math.random() * 20 * attempt);
    }
  }
  throw new ConflictRetriesExhaustedError(story.storyId);
}

/**
 * Index of the first revision the ledger does not have: after the newest version recorded from
 * this archive (the latest version, or found walking the history back when other versions —
 * live uploads — came after it); 0 when the ledger has none of them.
 */
async function resumeAt(story: ArchivedStory, eventName: string, latest: VersionRecord | undefined, deps: IngestDeps): Promise<number> {
  if (!latest) return 0;
  const position = new Map(story.revisions.map((revision, index) => [revision.importId, index]));
  const positionOf = (record: VersionRecord) => (record.source.eventName === eventName && record.source.versionId !== undefined ? position.get(record.source.versionId) : undefined);
  const direct = positionOf(latest);
  if (direct !== undefined) return direct + 1;
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.history(story.storyId, { newestFirst: true, limit: 100, cursor });
    for (const record of page.items) {
      const found = positionOf(record);
      if (found !== undefined) return found + 1;
    }
    cursor = page.cursor;
  } while (cursor);
  return 0;
}

async function importedRecord(
  storyId: string,
  revision: ArchivedRevision,
  eventName: string,
  previous: VersionRecord | undefined,
  deps: IngestDeps,
  memory: StoryMemory,
): Promise<VersionRecord> {
  const recordedAt = deps.clock().toISOString();
  const base: RecordBase = {
    storyId,
    version: (previous?.version ?? 0) + 1,
    eventTime: revision.revisionTime ?? recordedAt,
    recordedAt,
    ...(revision.revisionTime ? { revisionTime: revision.revisionTime } : {}),
    source: { bucket: '', key: revision.path, versionId: revision.importId, eventName },
    ...(previous?.content ? { content: previous.content } : {}),
  };
  const metadata = { ...(revision.editor ? { editor: revision.editor } : {}), ...(revision.note ? { note: revision.note } : {}) };
  if (revision.problem) {
    return chainRecord({ ...base, ...metadata, status: 'rejected', rejection: { code: 'unparseable', reason: revision.problem } }, previous);
  }
  if (revision.change === 'removed') return chainRecord({ ...base, ...metadata, status: 'deleted' }, previous);
  return contentRecord(base, await revision.read(), revision.format, metadata, previous, deps, memory);
}
