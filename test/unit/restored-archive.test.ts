// The rules for archived uploads restored later: verify's checks of an `unarchived` record, where
// one is placed in S3's order, and what its change record is computed against.
import { describe, expect, it } from 'vitest';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, verifyBundle } from '../../lambdas/app/evidence-bundle.ts';
import { formatHistory } from '../../lambdas/cli/history.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { chainRecord, inS3Order, restorersIn, unarchivedPlacement, type ArchivedVersion, type UnchainedRecord, type VersionRecord } from '../../lambdas/core/ledger.ts';

const texts = { one: 'Flood warning\n\nThe river rose 2 metres.\n', two: 'Flood warning\n\nThe river rose 3 metres.\n', three: 'Flood warning\n\nThe river rose 4 metres.\n' };
const sha = { one: sha256Hex(texts.one), two: sha256Hex(texts.two), three: sha256Hex(texts.three) };
const source = (versionId: string) => ({ bucket: 'uploads', key: 'stories/flood.txt', versionId, eventName: 'ObjectCreated:Put' });
const at = (second: number) => `2026-12-02T09:00:${String(second).padStart(2, '0')}.000Z`;

/** Version 1, version 2 rejected archived, version 3, then the given records (unchained), all chained in order. */
function chain(...later: Omit<UnchainedRecord, 'storyId' | 'recordedAt'>[]): VersionRecord[] {
  const unchained: Omit<UnchainedRecord, 'storyId' | 'recordedAt'>[] = [
    { version: 1, status: 'recorded', eventTime: at(1), source: source('v1'), sha256: sha.one, content: { version: 1, sha256: sha.one } },
    {
      version: 2,
      status: 'rejected',
      eventTime: at(2),
      source: source('v2'),
      content: { version: 1, sha256: sha.one },
      rejection: { code: 'archived', reason: 's3://uploads/stories/flood.txt version v2 is in an archive storage class (GLACIER)' },
    },
    { version: 3, status: 'recorded', eventTime: at(3), source: source('v3'), sha256: sha.three, content: { version: 3, sha256: sha.three }, comparedWith: { version: 1, sha256: sha.one } },
    ...later,
  ];
  const records: VersionRecord[] = [];
  for (const record of unchained) records.push(chainRecord({ storyId: 'flood', recordedAt: at(50), ...record }, records.at(-1)));
  return records;
}

const restoredTwo = (version: number, overrides: Partial<UnchainedRecord> = {}): Omit<UnchainedRecord, 'storyId' | 'recordedAt'> => ({
  version,
  status: 'unarchived',
  restores: 2,
  eventTime: at(2),
  source: { ...source('v2'), eventName: 'ObjectCreated:Backfill' },
  sha256: sha.two,
  content: { version: 3, sha256: sha.three },
  comparedWith: { version: 1, sha256: sha.one },
  ...overrides,
});

const verify = (records: VersionRecord[]) =>
  verifyBundle({ format: BUNDLE_FORMAT, formatVersion: BUNDLE_FORMAT_VERSION, storyId: 'flood', exportedAt: at(59), records, canonicalTexts: { [sha.one]: texts.one, [sha.two]: texts.two, [sha.three]: texts.three }, patches: {} });

describe('Function: verifyStory — unarchived versions', () => {
  it('passes an unarchived version that restores a rejected archived version of the same S3 version', async () => {
    // Act
    const result = await verify(chain(restoredTwo(4)));
    // Assess
    expect(result.firstProblem).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.versions).toBe(4);
  });

  it('fails an unarchived version that restores a version that was not rejected as archived', async () => {
    // Act
    const result = await verify(chain(restoredTwo(4, { restores: 1, source: { ...source('v1'), eventName: 'ObjectCreated:Backfill' } })));
    // Assess
    expect(result.ok).toBe(false);
    expect(result.firstProblem).toEqual({ version: 4, kind: 'restore', detail: 'restores version 1, which is recorded, not rejected as archived' });
  });

  it('fails an unarchived version that reads another S3 version than the one it restores', async () => {
    // Act
    const result = await verify(chain(restoredTwo(4, { source: { ...source('v9'), eventName: 'ObjectCreated:Backfill' } })));
    // Assess
    expect(result.firstProblem).toEqual({ version: 4, kind: 'restore', detail: 'restores version 2, S3 version stories/flood.txt v2, but reads stories/flood.txt v9' });
  });

  it('fails a second unarchived version of the same rejected version', async () => {
    // Act
    const result = await verify(chain(restoredTwo(4), restoredTwo(5)));
    // Assess
    expect(result.firstProblem).toEqual({ version: 5, kind: 'restore', detail: 'version 2 was already restored by an earlier unarchived version' });
  });

  it('fails an unarchived version that names no earlier version, and another status that names one', async () => {
    // Act
    const later = await verify(chain(restoredTwo(4, { restores: 4 })));
    const missing = await verify(chain(restoredTwo(4, { restores: undefined })));
    const recorded = await verify(chain(restoredTwo(4, { status: 'recorded' })));
    // Assess
    expect(later.firstProblem).toEqual({ version: 4, kind: 'restore', detail: 'an unarchived version must restore an earlier version, it names 4' });
    expect(missing.firstProblem).toEqual({ version: 4, kind: 'restore', detail: 'an unarchived version must restore an earlier version, it names null' });
    expect(recorded.firstProblem).toEqual({ version: 4, kind: 'restore', detail: 'a recorded version names restores: 2; only an unarchived version restores one' });
  });
});

describe('Function: inS3Order', () => {
  it('lists an unarchived version right after the version it restores, oldest first, and right before it newest first', () => {
    // Prepare
    const records = chain(restoredTwo(4));
    // Act
    const oldestFirst = inS3Order(records, restorersIn(records));
    const newestFirst = inS3Order([...records].reverse(), restorersIn(records), true);
    // Assess
    expect(oldestFirst.map((r) => r.version)).toEqual([1, 2, 4, 3]);
    expect(newestFirst.map((r) => r.version)).toEqual([3, 4, 2, 1]);
  });

  it('leaves an unarchived version that restores nothing valid at its own number, and lists a second one there too', () => {
    // Prepare
    const records = chain(restoredTwo(4), restoredTwo(5), restoredTwo(6, { restores: 1 }));
    // Act
    const listed = inS3Order(records, restorersIn(records));
    // Assess
    expect(listed.map((r) => r.version)).toEqual([1, 2, 4, 3, 5, 6]);
  });

  it('says in the history table which version an unarchived version restores', () => {
    // Act
    const table = formatHistory('flood', inS3Order(chain(restoredTwo(4)), restorersIn(chain(restoredTwo(4)))));
    // Assess
    expect(table.split('\n').slice(3).map((line) => line.split(/\s{2,}/).slice(0, 2))).toEqual([
      ['1', 'recorded'],
      ['2', 'rejected'],
      ['4', 'unarchived: v2 restored later'],
      ['3', 'recorded'],
    ]);
  });
});

describe('Function: unarchivedPlacement', () => {
  const records = chain();
  const [, rejected, third] = records as [VersionRecord, VersionRecord, VersionRecord];
  const archived: ArchivedVersion[] = [{ version: 2, key: 'stories/flood.txt', versionId: 'v2' }];

  it('compares a restored upload with the content before it and keeps the current content when a later upload exists', () => {
    expect(unarchivedPlacement(rejected, third, archived)).toEqual({ comparedWith: { version: 1, sha256: sha.one }, keepsCurrent: true });
  });

  it('makes a restored upload the current content when it is the latest upload in S3 order', () => {
    expect(unarchivedPlacement(rejected, rejected, archived)).toEqual({ comparedWith: { version: 1, sha256: sha.one }, keepsCurrent: false });
  });

  it('compares with an earlier archived upload restored since, when it comes between the two in S3 order', () => {
    // Prepare: versions 2 and 3 archived; 3 was rejected when the latest content was version 1; 2 was restored as version 4
    const secondArchived = { ...third, status: 'rejected' as const, sha256: undefined, content: { version: 1, sha256: sha.one }, rejection: { code: 'archived' as const, reason: 'archived' } };
    const latest = { ...third, version: 4, status: 'unarchived' as const, restores: 2, content: { version: 4, sha256: sha.two } };
    const both: ArchivedVersion[] = [
      { version: 2, key: 'stories/flood.txt', versionId: 'v2', restoredAs: { version: 4, sha256: sha.two } },
      { version: 3, key: 'stories/flood.txt', versionId: 'v3' },
    ];
    // Act
    const placement = unarchivedPlacement(secondArchived, latest, both);
    // Assess: against restored version 2 (recorded as 4), and it becomes current (version 4 sits at place 2, before 3)
    expect(placement).toEqual({ comparedWith: { version: 4, sha256: sha.two }, keepsCurrent: false });
  });
});
