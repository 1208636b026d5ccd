// The log's pure core: RFC 9162 hashing and proofs over hash tiles, C2SP checkpoints as signed notes.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ProofError,
  appendToTiles,
  consistencyRanges,
  emptyRoot,
  inclusionRanges,
  leafHash,
  nodeHash,
  rangeHashes,
  tileId,
  verifyConsistency,
  verifyInclusion,
  type Hash,
} from '../../lambdas/core/merkle.ts';
import { decodeLeafKeys, encodeLeafKeys, leafOfVersion, withLeaves } from '../../lambdas/adapters/dynamodb-log.ts';
import { keys } from '../../lambdas/adapters/table-keys.ts';
import { checkpointsBefore } from '../../lambdas/app/transparency-log.ts';
import type { CheckpointQuery, LogState } from '../../lambdas/ports.ts';
import {
  CheckpointError,
  formatCheckpointBody,
  noteVerifierKey,
  openCheckpoint,
  parseVerifierKey,
  signNote,
  type NoteSigner,
} from '../../lambdas/core/checkpoint.ts';

/** RFC 9162 2.1.1 MTH, straight from the definition (the reference the tiles are checked against). */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return emptyRoot();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leafData = (i: number) => createHash('sha256').update(`record ${i}`).digest();

function buildTree(count: number) {
  const leaves = Array.from({ length: count }, (_, i) => leafHash(leafData(i)));
  const built = appendToTiles(0, new Map(), leaves);
  return { leaves, tiles: new Map(built.tiles.map((t) => [tileId(t), t.hashes])), root: built.root };
}

export function testSigner(name: string): NoteSigner {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    name,
    publicKey: async () => Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'),
    sign: async (message) => sign(null, message, privateKey),
  };
}

describe('Function: appendToTiles', () => {
  it('computes the RFC 9162 root for every size, appended in one batch or in uneven batches across tile borders', () => {
    // Prepare
    const all = Array.from({ length: 700 }, (_, i) => leafHash(leafData(i)));
    let size = 0;
    let edge = new Map<string, Buffer>();
    const batches = [1, 2, 5, 120, 128, 1, 255, 88, 100];
    // Act / Assess
    for (const batch of batches) {
      const appended = appendToTiles(size, edge, all.slice(size, size + batch));
      size = appended.size;
      for (const tile of appended.tiles) edge.set(tileId(tile), tile.hashes);
      expect(appended.root.equals(referenceRoot(all.slice(0, size))), `size ${size}`).toBe(true);
    }
    expect(size).toBe(700);
    expect(edge.get('1/0')?.length).toBe(2 * 32);
  });
});

describe('Function: inclusion and consistency proofs', () => {
  it('proves every leaf of every tree up to 40 leaves, and every old size against every new one', () => {
    const { leaves, tiles } = buildTree(40);
    const roots = Array.from({ length: 41 }, (_, n) => referenceRoot(leaves.slice(0, n)));
    for (let n = 1; n <= 40; n++) {
      for (let m = 0; m < n; m++) verifyInclusion(m, n, leaves[m]!, rangeHashes(inclusionRanges(m, n), tiles), roots[n]!);
      for (let old = 0; old <= n; old++) verifyConsistency(old, n, roots[old]!, roots[n]!, rangeHashes(consistencyRanges(old, n), tiles));
    }
  });

  it('proves leaves across tile levels (600 leaves)', () => {
    const { leaves, tiles, root } = buildTree(600);
    for (const m of [0, 255, 256, 511, 512, 599]) verifyInclusion(m, 600, leaves[m]!, rangeHashes(inclusionRanges(m, 600), tiles), root);
    verifyConsistency(300, 600, referenceRoot(leaves.slice(0, 300)), root, rangeHashes(consistencyRanges(300, 600), tiles));
  });

  it('rejects a proof for another leaf, a changed leaf, a forked root and a shrunk tree', () => {
    const { leaves, tiles, root } = buildTree(13);
    const proof = rangeHashes(inclusionRanges(5, 13), tiles);
    expect(() => verifyInclusion(6, 13, leaves[6]!, proof, root)).toThrow(ProofError);
    expect(() => verifyInclusion(5, 13, leafHash(Buffer.from('rewritten')), proof, root)).toThrow(ProofError);
    const consistency = rangeHashes(consistencyRanges(7, 13), tiles);
    const forkedOld = referenceRoot([...leaves.slice(0, 6), leafHash(Buffer.from('forked'))]);
    expect(() => verifyConsistency(7, 13, forkedOld, root, consistency)).toThrow(/old root/);
    expect(() => verifyConsistency(13, 13, forkedOld, root, [])).toThrow(/two different roots/);
    expect(() => verifyConsistency(14, 13, root, root, [])).toThrow(/shrank/);
  });
});

describe('Function: signed checkpoints', () => {
  it('signs a C2SP checkpoint that opens with its verifier key and names its tree', async () => {
    // Prepare
    const signer = testSigner('news.example/redline');
    const verifierKey = noteVerifierKey(signer.name, await signer.publicKey());
    const root = buildTree(3).root;
    // Act
    const note = await signNote(formatCheckpointBody({ origin: signer.name, size: 3, rootHash: root }), signer);
    // Assess
    expect(note).toMatch(/^news\.example\/redline\n3\n[A-Za-z0-9+/]{43}=\n\n\u2014 news\.example\/redline [A-Za-z0-9+/]{91}=\n$/);
    expect(verifierKey).toMatch(/^news\.example\/redline\+[0-9a-f]{8}\+/);
    const body = openCheckpoint(note, parseVerifierKey(verifierKey));
    expect([body.origin, body.size, body.rootHash.equals(root)]).toEqual(['news.example/redline', 3, true]);
  });

  it('names a bad signature, another key, another log and a malformed checkpoint', async () => {
    const signer = testSigner('news.example/redline');
    const verifier = parseVerifierKey(noteVerifierKey(signer.name, await signer.publicKey()));
    const note = await signNote(formatCheckpointBody({ origin: signer.name, size: 3, rootHash: buildTree(3).root }), signer);
    const kind = (fn: () => unknown) => {
      try {
        fn();
        return 'opened';
      } catch (error) {
        return error instanceof CheckpointError ? error.kind : String(error);
      }
    };
    expect(kind(() => openCheckpoint(note.replace('\n3\n', '\n4\n'), verifier))).toBe('bad-signature');
    const other = testSigner('news.example/redline');
    expect(kind(() => openCheckpoint(note, parseVerifierKey(noteVerifierKey(other.name, Buffer.from(other.name.padEnd(32, 'x')))))) ).toBe('bad-signature');
    const elsewhere = testSigner('elsewhere.example/log');
    const foreign = await signNote(formatCheckpointBody({ origin: 'news.example/redline', size: 1, rootHash: buildTree(1).root }), elsewhere);
    const elsewhereKey = parseVerifierKey(noteVerifierKey(elsewhere.name, await elsewhere.publicKey()));
    expect(kind(() => openCheckpoint(foreign, elsewhereKey))).toBe('wrong-origin');
    expect(kind(() => openCheckpoint('news.example/redline\nthree\n', verifier))).toBe('malformed');
    expect(kind(() => parseVerifierKey('no-plus-signs'))).toBe('malformed');
  });
});

describe('Story leaf index (adapters/dynamodb-log.ts): 6 bytes per version, in items of 1,000 versions', () => {
  it('keeps each version in its block, grows a block only as far as its highest version, and leaves others unlogged', () => {
    // Prepare
    const first = withLeaves(undefined, new Map([[1, 0], [1000, 2 ** 40]]));
    const second = withLeaves(withLeaves(undefined, new Map([[1001, 7]])), new Map([[1003, 9]]));
    // Assess
    expect([keys.storyLeaves(1), keys.storyLeaves(1000), keys.storyLeaves(1001), keys.logQueueEntry('a#b', 2001)]).toEqual(['LOG#0000000', 'LOG#0000000', 'LOG#0000001', 'a#b#0000002']);
    expect([first.length, second.length]).toEqual([6000, 18]);
    expect([leafOfVersion(first, 1), leafOfVersion(first, 1000), leafOfVersion(first, 2), leafOfVersion(first, 999)]).toEqual([0, 2 ** 40, undefined, undefined]);
    expect([leafOfVersion(second, 1001), leafOfVersion(second, 1002), leafOfVersion(second, 1003), leafOfVersion(second, 1004), leafOfVersion(undefined, 1)]).toEqual([7, undefined, 9, undefined, undefined]);
  });
});

describe('Leaf-key bundles (adapters/dynamodb-log.ts): brotli-compressed JSON pairs', () => {
  it('reads back what it stores, reads the JSON text earlier builds stored, and names a damaged bundle', () => {
    // Prepare
    const leafKeys = Array.from({ length: 256 }, (_, i) => ({ storyId: `politics/2026/12/council-budget-${i}`, version: (i % 3) + 1 }));
    const text = JSON.stringify(leafKeys.map((k) => [k.storyId, k.version]));
    // Act
    const stored = encodeLeafKeys(leafKeys);
    // Assess
    expect(decodeLeafKeys(stored, 4)).toEqual(leafKeys);
    expect(stored.length).toBeLessThan(text.length / 4);
    expect(decodeLeafKeys(text, 4)).toEqual(leafKeys);
    expect(decodeLeafKeys(undefined, 4)).toEqual([]);
    expect(() => decodeLeafKeys(Buffer.from('not brotli at all'), 4)).toThrow(/leaf key bundle 4 cannot be read .*damaged/);
    expect(() => decodeLeafKeys('{"storyId":"x"}', 5)).toThrow('leaf key bundle 5 does not hold [story, version] pairs: the stored log is damaged');
  });
});

describe('checkpointsBefore (the logged-late check of an audit)', () => {
  it('names the last checkpoint with at most each leaf index leaves, reading the history a page at a time', async () => {
    // Prepare: checkpoints of 0, 5, 10, … 6,000 leaves, served like the store serves them
    const history = Array.from({ length: 1201 }, (_, i) => ({ size: i * 5, signedAt: `t${i}` }) as LogState);
    const pages: number[] = [];
    const log = {
      checkpoints: async (limit: number, query: CheckpointQuery = {}) => {
        pages.push(query.aboveSize ?? -1);
        const inRange = history.filter((c) => c.size > (query.aboveSize ?? -1) && c.size <= (query.atMostSize ?? Infinity));
        return (query.oldestFirst ? inRange : inRange.reverse()).slice(0, limit);
      },
    };
    const before = checkpointsBefore(log, 500);
    // Act
    const sizes = [];
    for (const leafIndex of [0, 4, 5, 2_499, 2_500, 2_501, 6_000, 9_999]) sizes.push((await before(leafIndex))?.size);
    // Assess
    expect(sizes).toEqual([0, 0, 5, 2_495, 2_500, 2_500, 6_000, 6_000]);
    expect(pages).toEqual([-1, 2_495, 4_995]);
    expect(await checkpointsBefore({ checkpoints: async () => [] })(10)).toBeUndefined();
  });
});
