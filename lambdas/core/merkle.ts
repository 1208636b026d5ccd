// The transparency log's Merkle math, as RFC 6962 / RFC 9162 define it: leaf and node hashes,
// inclusion and consistency proofs (building and checking), and the hash tiles the tree is stored
// in (C2SP tlog-tiles layout: tiles of 256 hashes, tile level T holds the hashes of subtrees of
// 2^(8T) leaves). Pure: the caller reads tiles from wherever it keeps them and hands them in.
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;
/** Hashes per tile (C2SP tlog-tiles: tile height 8). */
export const TILE_WIDTH = 256;
const TILE_HEIGHT = 8;

export type Hash = Buffer;

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ data). */
export function leafHash(data: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.from([0])).update(data).digest();
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/** The root of the empty tree: SHA-256 of the empty string (RFC 9162 2.1.1). */
export function emptyRoot(): Hash {
  return createHash('sha256').digest();
}

/** A complete, aligned subtree: the 2^level leaves starting at index·2^level. */
export interface Subtree {
  readonly level: number;
  readonly index: number;
}

/** A range [lo, hi) of leaves whose RFC 9162 hash a proof needs. */
export interface LeafRange {
  readonly lo: number;
  readonly hi: number;
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function assertSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/**
 * The complete subtrees whose hashes, folded from the right with nodeHash, give MTH(D[lo:hi]):
 * largest first. Every range an RFC 9162 proof asks for has this shape.
 */
export function subtreesOf(range: LeafRange): Subtree[] {
  const out: Subtree[] = [];
  let lo = range.lo;
  while (lo < range.hi) {
    let level = 0;
    while (lo % 2 ** (level + 1) === 0 && lo + 2 ** (level + 1) <= range.hi) level += 1;
    out.push({ level, index: lo / 2 ** level });
    lo += 2 ** level;
  }
  return out;
}

/** MTH(D[lo:hi]) from the hashes of `subtreesOf(range)`, in that order. */
export function foldSubtrees(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return emptyRoot();
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = nodeHash(hashes[i]!, acc);
  return acc;
}

/** RFC 9162 2.1.3.1 PATH(m, D[0:n]): the ranges whose hashes form the inclusion proof, leaf to root. */
export function inclusionRanges(leafIndex: number, treeSize: number): LeafRange[] {
  assertSize('leaf index', leafIndex);
  assertSize('tree size', treeSize);
  if (leafIndex >= treeSize) throw new RangeError(`leaf ${leafIndex} is not in a tree of size ${treeSize}`);
  const path = (m: number, lo: number, hi: number): LeafRange[] => {
    const n = hi - lo;
    if (n <= 1) return [];
    const k = largestPowerOfTwoBelow(n);
    return m < k ? [...path(m, lo, lo + k), { lo: lo + k, hi }] : [...path(m - k, lo + k, hi), { lo, hi: lo + k }];
  };
  return path(leafIndex, 0, treeSize);
}

/** RFC 9162 2.1.4.1 PROOF(m, D[0:n]): the ranges whose hashes form the consistency proof. */
export function consistencyRanges(oldSize: number, newSize: number): LeafRange[] {
  assertSize('old size', oldSize);
  assertSize('new size', newSize);
  if (oldSize > newSize) throw new RangeError(`a tree of size ${newSize} cannot extend one of size ${oldSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  const subproof = (m: number, lo: number, hi: number, complete: boolean): LeafRange[] => {
    const n = hi - lo;
    if (m === n) return complete ? [] : [{ lo, hi }];
    const k = largestPowerOfTwoBelow(n);
    return m <= k ? [...subproof(m, lo, lo + k, complete), { lo: lo + k, hi }] : [...subproof(m - k, lo + k, hi, false), { lo, hi: lo + k }];
  };
  return subproof(oldSize, 0, newSize, true);
}

export class ProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProofError';
  }
}

/** RFC 9162 2.1.3.2: checks an inclusion proof; throws ProofError when it does not lead to `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leaf: Hash, proof: readonly Hash[], root: Hash): void {
  if (leafIndex >= treeSize) throw new ProofError(`leaf index ${leafIndex} is not below the tree size ${treeSize}`);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new ProofError('the inclusion proof is longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('the inclusion proof is shorter than the tree is deep');
  if (!r.equals(root)) throw new ProofError(`the inclusion proof for leaf ${leafIndex} does not lead to the root of the tree of size ${treeSize}`);
}

/** RFC 9162 2.1.4.2: checks that the tree (newSize, newRoot) extends (oldSize, oldRoot). */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): void {
  if (oldSize > newSize) throw new ProofError(`the tree shrank from ${oldSize} to ${newSize} leaves`);
  if (oldSize === newSize) {
    if (proof.length !== 0) throw new ProofError('a consistency proof between equal sizes must be empty');
    if (!oldRoot.equals(newRoot)) throw new ProofError(`two different roots for the same tree size ${oldSize}`);
    return;
  }
  if (oldSize === 0) {
    if (proof.length !== 0) throw new ProofError('a consistency proof from the empty tree must be empty');
    return;
  }
  let path = [...proof];
  if (Number.isInteger(Math.log2(oldSize))) path = [oldRoot, ...path];
  if (path.length === 0) throw new ProofError('the consistency proof is empty');
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new ProofError('the consistency proof is longer than the tree is deep');
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new ProofError('the consistency proof is shorter than the tree is deep');
  if (!fr.equals(oldRoot)) throw new ProofError(`the consistency proof does not reproduce the old root of size ${oldSize}`);
  if (!sr.equals(newRoot)) throw new ProofError(`the consistency proof does not reproduce the new root of size ${newSize}`);
}

// ---- tiles ---------------------------------------------------------------------------------

/** Tile (level, index) holds hashes of level-8·level subtrees index·256 … index·256+255. */
export interface TileRef {
  readonly level: number;
  readonly index: number;
}

export interface Tile extends TileRef {
  /** width × 32 bytes. */
  readonly hashes: Buffer;
}

export const tileId = (ref: TileRef): string => `${ref.level}/${ref.index}`;

/** How many hashes tile `ref` holds in a tree of `size` leaves (0 when it does not exist yet). */
export function tileWidth(ref: TileRef, size: number): number {
  const entries = Math.floor(size / TILE_WIDTH ** ref.level);
  return Math.max(0, Math.min(TILE_WIDTH, entries - ref.index * TILE_WIDTH));
}

/** The tile a complete subtree's hash is computed from, and which of its entries. */
export function tileFor(subtree: Subtree): { tile: TileRef; first: number; count: number } {
  const tileLevel = Math.floor(subtree.level / TILE_HEIGHT);
  const rise = subtree.level - tileLevel * TILE_HEIGHT;
  const firstEntry = subtree.index * 2 ** rise;
  return { tile: { level: tileLevel, index: Math.floor(firstEntry / TILE_WIDTH) }, first: firstEntry % TILE_WIDTH, count: 2 ** rise };
}

function hashAt(hashes: Buffer, position: number): Hash {
  return hashes.subarray(position * HASH_SIZE, (position + 1) * HASH_SIZE);
}

/** MTH of 2^k consecutive hashes of equal-sized complete subtrees. */
function completeRoot(hashes: Buffer, first: number, count: number): Hash {
  let level: Hash[] = Array.from({ length: count }, (_, i) => hashAt(hashes, first + i));
  while (level.length > 1) {
    const next: Hash[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
    level = next;
  }
  return level[0]!;
}

export class MissingTileError extends Error {
  constructor(readonly tile: TileRef, have: number, need: number) {
    super(`log tile ${tileId(tile)} holds ${have} hashes, the tree needs ${need}: the stored tree is incomplete`);
    this.name = 'MissingTileError';
  }
}

/** The hash of a complete subtree, from the tile that holds it. */
export function subtreeHash(subtree: Subtree, tiles: ReadonlyMap<string, Buffer>): Hash {
  const { tile, first, count } = tileFor(subtree);
  const hashes = tiles.get(tileId(tile)) ?? Buffer.alloc(0);
  if (hashes.length < (first + count) * HASH_SIZE) throw new MissingTileError(tile, hashes.length / HASH_SIZE, first + count);
  return completeRoot(hashes, first, count);
}

/** Every tile the hashes of these ranges are read from. */
export function tilesForRanges(ranges: readonly LeafRange[]): TileRef[] {
  const refs = new Map<string, TileRef>();
  for (const range of ranges) for (const subtree of subtreesOf(range)) {
    const { tile } = tileFor(subtree);
    refs.set(tileId(tile), tile);
  }
  return [...refs.values()];
}

/** MTH(D[lo:hi]) for each range, from tiles. */
export function rangeHashes(ranges: readonly LeafRange[], tiles: ReadonlyMap<string, Buffer>): Hash[] {
  return ranges.map((range) => foldSubtrees(subtreesOf(range).map((s) => subtreeHash(s, tiles))));
}

/** The tiles on the right edge of a tree of `size` leaves: the only ones appending changes. */
export function edgeTiles(size: number): TileRef[] {
  const refs: TileRef[] = [];
  for (let level = 0; TILE_WIDTH ** level <= Math.max(size, 1); level++) {
    refs.push({ level, index: Math.floor(Math.floor(size / TILE_WIDTH ** level) / TILE_WIDTH) });
  }
  return refs;
}

/** The root of a tree of `size` leaves, from its edge tiles. */
export function rootFromTiles(size: number, tiles: ReadonlyMap<string, Buffer>): Hash {
  return foldSubtrees(subtreesOf({ lo: 0, hi: size }).map((s) => subtreeHash(s, tiles)));
}

/**
 * Appends leaf hashes to a tree of `size` leaves whose edge tiles are given (each trimmed to the
 * tree's size). Returns the tiles that changed (complete ones and the new edge) and the new root.
 */
export function appendToTiles(size: number, edge: ReadonlyMap<string, Buffer>, leaves: readonly Hash[]): { size: number; root: Hash; tiles: Tile[] } {
  const levels: { index: number; hashes: Buffer[] }[] = [];
  const levelAt = (level: number) => {
    while (levels.length <= level) {
      const l = levels.length;
      const ref = { level: l, index: Math.floor(Math.floor(size / TILE_WIDTH ** l) / TILE_WIDTH) };
      const width = tileWidth(ref, size);
      const stored = edge.get(tileId(ref)) ?? Buffer.alloc(0);
      if (stored.length < width * HASH_SIZE) throw new MissingTileError(ref, stored.length / HASH_SIZE, width);
      levels.push({ index: ref.index, hashes: Array.from({ length: width }, (_, i) => Buffer.from(hashAt(stored, i))) });
    }
    return levels[level]!;
  };
  const tiles: Tile[] = [];
  const touched = new Set<number>();
  const push = (level: number, hash: Hash) => {
    const current = levelAt(level);
    current.hashes.push(hash);
    touched.add(level);
    if (current.hashes.length === TILE_WIDTH) {
      const tile = { level, index: current.index, hashes: Buffer.concat(current.hashes) };
      tiles.push(tile);
      current.index += 1;
      current.hashes = [];
      touched.delete(level);
      push(level + 1, completeRoot(tile.hashes, 0, TILE_WIDTH));
    }
  };
  for (const leaf of leaves) push(0, leaf);
  const newSize = size + leaves.length;
  for (const level of touched) {
    const current = levels[level]!;
    if (current.hashes.length > 0) tiles.push({ level, index: current.index, hashes: Buffer.concat(current.hashes) });
  }
  const all = new Map(edge);
  for (const tile of tiles) all.set(tileId(tile), tile.hashes);
  return { size: newSize, root: newSize === 0 ? emptyRoot() : rootFromTiles(newSize, all), tiles };
}

/** Trims stored tile hashes to what the tree of `size` leaves contains (ignores uncommitted writes). */
export function trimTile(ref: TileRef, stored: Uint8Array | undefined, size: number): Buffer {
  const width = tileWidth(ref, size);
  const bytes = Buffer.from(stored ?? new Uint8Array(0));
  if (bytes.length < width * HASH_SIZE) throw new MissingTileError(ref, Math.floor(bytes.length / HASH_SIZE), width);
  return bytes.subarray(0, width * HASH_SIZE);
}
