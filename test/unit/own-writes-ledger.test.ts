import { describe, expect, it } from 'vitest';
import { OwnWritesLedger } from '../../lambdas/adapters/own-writes-ledger.ts';
import { VersionConflictError } from '../../lambdas/core/errors.ts';
import type { VersionRecord } from '../../lambdas/core/ledger.ts';
import type { Ledger } from '../../lambdas/ports.ts';

/**
 * A ledger in memory with the one rule that matters here — append only succeeds on the next free
 * version number — that counts the reads: the dependency, not the thing under test.
 */
function countingLedger() {
  const records = new Map<string, VersionRecord[]>();
  const reads: string[] = [];
  const ledger = {
    latest: async (storyId: string) => {
      reads.push(`latest ${storyId}`);
      return records.get(storyId)?.at(-1);
    },
    versionWithContent: async (storyId: string, sha256: string) => {
      reads.push(`content ${storyId} ${sha256}`);
      return records.get(storyId)?.find((r) => r.sha256 === sha256)?.version;
    },
    append: async (record: VersionRecord) => {
      const story = records.get(record.storyId) ?? [];
      if (story.length + 1 !== record.version) throw new VersionConflictError(record.storyId, record.version);
      records.set(record.storyId, [...story, record]);
    },
  } as Partial<Ledger> as Ledger;
  return { ledger, records, reads };
}

const record = (storyId: string, version: number, sha256?: string) => ({ storyId, version, chainHash: `${storyId}#${version}`, ...(sha256 ? { sha256 } : {}) }) as VersionRecord;

describe('Class: OwnWritesLedger', () => {
  it('answers latest and content hashes of a story it wrote from version 1 without reading the ledger', async () => {
    // Prepare
    const { ledger, reads } = countingLedger();
    const own = new OwnWritesLedger(ledger);
    // Act
    await own.append(record('flood', 1, 'aaa'));
    await own.append(record('flood', 2, 'bbb'));
    await own.append(record('flood', 3));
    const latest = await own.latest('flood');
    const first = await own.versionWithContent('flood', 'aaa');
    const second = await own.versionWithContent('flood', 'bbb');
    const never = await own.versionWithContent('flood', 'ccc');
    // Assess
    expect(latest?.version).toBe(3);
    expect([first, second, never]).toEqual([1, 2, undefined]);
    expect(reads).toEqual([]);
  });

  it('reads content hashes of a story it did not write from version 1, and the latest of a story it never wrote', async () => {
    // Prepare
    const { ledger, records, reads } = countingLedger();
    records.set('fire', [record('fire', 1, 'aaa')]);
    const own = new OwnWritesLedger(ledger);
    // Act
    await own.append(record('fire', 2, 'bbb'));
    const earlier = await own.versionWithContent('fire', 'aaa');
    const other = await own.latest('storm');
    // Assess
    expect(earlier).toBe(1);
    expect(other).toBeUndefined();
    expect(reads).toEqual(['content fire aaa', 'latest storm']);
  });

  it('forgets a story whose append lost to another writer, so the next plan starts from the ledger', async () => {
    // Prepare
    const { ledger, records, reads } = countingLedger();
    const own = new OwnWritesLedger(ledger);
    await own.append(record('vote', 1, 'aaa'));
    records.get('vote')!.push(record('vote', 2, 'bbb')); // another process recorded version 2
    // Act
    const stale = await own.latest('vote');
    const conflict = own.append(record('vote', 2, 'ccc'));
    // Assess
    expect(stale?.version).toBe(1);
    await expect(conflict).rejects.toBeInstanceOf(VersionConflictError);
    expect((await own.latest('vote'))?.version).toBe(2);
    expect(await own.versionWithContent('vote', 'bbb')).toBe(2);
    expect(reads).toEqual(['latest vote', 'content vote bbb']);
  });

  it('keeps at most the given number of stories, forgetting the least recently written', async () => {
    // Prepare
    const { ledger, reads } = countingLedger();
    const own = new OwnWritesLedger(ledger, 2);
    // Act
    for (const story of ['a', 'b', 'c']) await own.append(record(story, 1));
    await own.latest('a');
    await own.latest('c');
    // Assess
    expect(reads).toEqual(['latest a']);
  });
});
