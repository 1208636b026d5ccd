// A Ledger for a long-running writer (the embedded pipeline of `redline start`): the latest record
// of a story it appended itself, and — for a story whose every version it appended — which version
// first had each content hash, come from memory instead of a strongly consistent read per revision.
//
// Why that cannot record anything wrong: append() is conditional on the next version number being
// free. A remembered latest version N that another writer has since passed makes the append of
// N + 1 fail with VersionConflictError, which makes this ledger forget the story; the use case
// then re-plans from a real read, as it does for any lost race. While appends of N + 1 succeed, the
// ledger holds exactly the versions remembered, so every answer given from memory was true.
// Any other failure of append (a timeout that may have written) forgets the story too.
import type { ArchivedVersion, VersionRecord } from '../core/ledger.ts';
import type { Ledger, Page, StorySummary } from '../ports.ts';

/** Stories remembered (least recently written forgotten first). */
const DEFAULT_STORIES = 10_000;

interface StoryMemory {
  latest: VersionRecord;
  /** sha256 → earliest version with that content; present only when every version was appended here. */
  contentVersions?: Map<string, number>;
}

export class OwnWritesLedger implements Ledger {
  private readonly stories = new Map<string, StoryMemory>();

  constructor(
    private readonly ledger: Ledger,
    private readonly maxStories = DEFAULT_STORIES,
  ) {}

  async latest(storyId: string): Promise<VersionRecord | undefined> {
    const remembered = this.stories.get(storyId);
    if (remembered) return remembered.latest;
    return this.ledger.latest(storyId);
  }

  async versionWithContent(storyId: string, sha256: string): Promise<number | undefined> {
    const contentVersions = this.stories.get(storyId)?.contentVersions;
    if (contentVersions) return contentVersions.get(sha256);
    return this.ledger.versionWithContent(storyId, sha256);
  }

  async append(record: VersionRecord): Promise<void> {
    const remembered = this.stories.get(record.storyId);
    this.stories.delete(record.storyId);
    await this.ledger.append(record);
    // Content hashes are known completely only for a story this ledger wrote from version 1 on.
    const contentVersions = record.version === 1 ? new Map<string, number>() : remembered?.latest.version === record.version - 1 ? remembered.contentVersions : undefined;
    if (contentVersions && record.sha256 !== undefined && !contentVersions.has(record.sha256)) contentVersions.set(record.sha256, record.version);
    this.stories.set(record.storyId, { latest: record, ...(contentVersions ? { contentVersions } : {}) });
    if (this.stories.size > this.maxStories) this.stories.delete(this.stories.keys().next().value!);
  }

  rollForward(record: VersionRecord): Promise<void> {
    return this.ledger.rollForward(record);
  }

  recordedVersionOf(storyId: string, key: string, versionId: string): Promise<number | undefined> {
    return this.ledger.recordedVersionOf(storyId, key, versionId);
  }

  getVersion(storyId: string, version: number): Promise<VersionRecord | undefined> {
    return this.ledger.getVersion(storyId, version);
  }

  archivedVersions(storyId: string): Promise<ArchivedVersion[]> {
    return this.ledger.archivedVersions(storyId);
  }

  indexArchivedVersions(storyId: string): Promise<void> {
    return this.ledger.indexArchivedVersions(storyId);
  }

  indexDrift(storyId: string): Promise<{ readonly version: number; readonly detail: string } | undefined> {
    return this.ledger.indexDrift(storyId);
  }

  storyIds(): AsyncIterable<string> {
    return this.ledger.storyIds();
  }

  summary(storyId: string): Promise<StorySummary | undefined> {
    return this.ledger.summary(storyId);
  }

  history(storyId: string, options?: { newestFirst?: boolean; limit?: number; cursor?: string }): Promise<Page<VersionRecord>> {
    return this.ledger.history(storyId, options);
  }
}
