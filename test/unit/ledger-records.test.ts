import { describe, expect, it } from 'vitest';
import { chainRecord, contentStatus, recomputeChainHash, type UnchainedRecord, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { GENESIS_CHAIN_HASH, canonicalJson, sha256Hex } from '../../lambdas/core/hashing.ts';

const base: UnchainedRecord = {
  storyId: 'world/valdera-earthquake',
  version: 1,
  status: 'recorded',
  eventTime: '2026-11-24T09:12:03.120Z',
  recordedAt: '2026-11-24T09:12:04.000Z',
  source: { bucket: 'uploads', key: 'stories/world/valdera-earthquake.md', versionId: 'v1', eventName: 'ObjectCreated:Put' },
  sha256: 'a'.repeat(64),
  content: { version: 1, sha256: 'a'.repeat(64) },
};

describe('Function: chainRecord', () => {
  it('links the first version to the genesis hash and hashes the canonical JSON of its fields', () => {
    // Act
    const record = chainRecord(base, undefined);
    // Assess
    expect(record.previousChainHash).toBe(GENESIS_CHAIN_HASH);
    expect(record.chainHash).toBe(sha256Hex(canonicalJson({ ...base, previousChainHash: GENESIS_CHAIN_HASH })));
  });

  it('links each version to the one before it, so changing any earlier field changes every later hash', () => {
    // Prepare
    const first = chainRecord(base, undefined);
    const second = chainRecord({ ...base, version: 2, sha256: 'b'.repeat(64) }, first);
    const tamperedFirst = chainRecord({ ...base, editor: 'someone else' }, undefined);
    // Act
    const secondAfterTamper = chainRecord({ ...base, version: 2, sha256: 'b'.repeat(64) }, tamperedFirst);
    // Assess
    expect(second.previousChainHash).toBe(first.chainHash);
    expect(secondAfterTamper.chainHash).not.toBe(second.chainHash);
  });

  it('gives the same hash whatever the order of the fields (RFC 8785 canonical JSON)', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as UnchainedRecord;
    expect(chainRecord(reordered, undefined).chainHash).toBe(chainRecord(base, undefined).chainHash);
  });
});

describe('Function: recomputeChainHash', () => {
  it('detects an edited field of a stored record', () => {
    // Prepare
    const stored = chainRecord(base, undefined);
    const edited: VersionRecord = { ...stored, editor: 'Mallory' };
    // Assess
    expect(recomputeChainHash(stored)).toBe(stored.chainHash);
    expect(recomputeChainHash(edited)).not.toBe(edited.chainHash);
  });
});

describe('Function: contentStatus', () => {
  const previous = chainRecord(base, undefined);
  it('returns restored after a deletion, unchanged for the same content, revert for earlier content, recorded otherwise', () => {
    expect(contentStatus({ ...previous, status: 'deleted' }, 'c'.repeat(64), undefined)).toEqual({ status: 'restored' });
    expect(contentStatus(previous, 'a'.repeat(64), undefined)).toEqual({ status: 'unchanged' });
    expect(contentStatus(previous, 'c'.repeat(64), 1)).toEqual({ status: 'revert', revertOf: 1 });
    expect(contentStatus(previous, 'c'.repeat(64), undefined)).toEqual({ status: 'recorded' });
    expect(contentStatus(undefined, 'c'.repeat(64), undefined)).toEqual({ status: 'recorded' });
  });
});
