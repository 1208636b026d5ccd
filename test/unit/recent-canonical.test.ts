import { describe, expect, it } from 'vitest';
import { RecentCanonicalArchive } from '../../lambdas/adapters/recent-canonical.ts';
import type { Archive } from '../../lambdas/ports.ts';

/** An archive in memory that counts reads: the dependency, not the thing under test. */
function countingArchive() {
  const texts = new Map<string, string>();
  const reads: string[] = [];
  const archive: Archive = {
    putCanonical: async (sha, text) => void texts.set(sha, text),
    getCanonical: async (sha) => {
      reads.push(sha);
      return texts.get(sha);
    },
    putBlob: async (key, body) => void texts.set(key, body),
    getBlob: async (key) => texts.get(key),
  };
  return { archive, texts, reads };
}

describe('Class: RecentCanonicalArchive', () => {
  it('answers a canonical text it wrote without reading the archive, and writes it through', async () => {
    // Prepare
    const { archive, texts, reads } = countingArchive();
    const recent = new RecentCanonicalArchive(archive);
    // Act
    await recent.putCanonical('a', 'first text');
    const text = await recent.getCanonical('a');
    // Assess
    expect(text).toBe('first text');
    expect(texts.get('a')).toBe('first text');
    expect(reads).toEqual([]);
  });

  it('reads what it does not hold once, then remembers it; a missing text stays missing', async () => {
    // Prepare
    const { archive, texts, reads } = countingArchive();
    texts.set('b', 'written by another process');
    const recent = new RecentCanonicalArchive(archive);
    // Act
    const first = await recent.getCanonical('b');
    const second = await recent.getCanonical('b');
    const missing = await recent.getCanonical('c');
    // Assess
    expect([first, second, missing]).toEqual(['written by another process', 'written by another process', undefined]);
    expect(reads).toEqual(['b', 'c']);
  });

  it('forgets the least recently used texts beyond its budget', async () => {
    // Prepare
    const { archive, reads } = countingArchive();
    const recent = new RecentCanonicalArchive(archive, 40);
    await recent.putCanonical('old', 'x'.repeat(10));
    await recent.putCanonical('used', 'y'.repeat(10));
    await recent.getCanonical('used');
    // Act: 25 more characters push the total over 40; 'old' was used least recently
    await recent.putCanonical('new', 'z'.repeat(10));
    await recent.putCanonical('newer', 'w'.repeat(10));
    await recent.putCanonical('newest', 'v'.repeat(5));
    await recent.getCanonical('used');
    await recent.getCanonical('old');
    // Assess
    expect(reads).toEqual(['old']);
  });
});
