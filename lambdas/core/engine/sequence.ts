// Diff of two integer sequences (interned sentences, tokens or text chunks) with bounded effort.
//
// Common prefix and suffix are stripped, then elements unique to both sides anchor the alignment
// (patience diff: longest increasing run of anchors), and only the gaps between anchors that have
// no anchor of their own go to Myers' O(ND) algorithm, capped at `maxEdits`. A gap that exceeds the
// cap becomes a plain replacement. News text is mostly unique sentences, so this stays near-linear.

/** 0 = kept, 1 = deleted from a, 2 = inserted from b. */
export type EditKind = 0 | 1 | 2;

/** A run of `length` elements starting at a[aStart] (kept, deleted) and/or b[bStart] (kept, inserted). */
export interface EditRun {
  readonly kind: EditKind;
  readonly aStart: number;
  readonly bStart: number;
  readonly length: number;
}

export interface SequenceDiffOptions {
  /** Largest edit distance Myers explores inside one anchor-free gap before replacing it. @default 256 */
  readonly maxEdits?: number;
}

type Seq = ArrayLike<number>;

class RunBuilder {
  readonly runs: { kind: EditKind; aStart: number; bStart: number; length: number }[] = [];
  push(kind: EditKind, aStart: number, bStart: number, length: number): void {
    if (length <= 0) return;
    const last = this.runs[this.runs.length - 1];
    if (last && last.kind === kind) {
      const contiguous =
        kind === 0 ? last.aStart + last.length === aStart && last.bStart + last.length === bStart : kind === 1 ? last.aStart + last.length === aStart : last.bStart + last.length === bStart;
      if (contiguous) {
        last.length += length;
        return;
      }
    }
    this.runs.push({ kind, aStart, bStart, length });
  }
}

export function diffSequences(a: Seq, b: Seq, options: SequenceDiffOptions = {}): EditRun[] {
  const out = new RunBuilder();
  solve(a, 0, a.length, b, 0, b.length, options.maxEdits ?? 256, out);
  return normalizeOrder(out.runs);
}

/** Within each changed stretch, deletions come before insertions (what renderers expect). */
function normalizeOrder(runs: EditRun[]): EditRun[] {
  const merged = new RunBuilder();
  let i = 0;
  while (i < runs.length) {
    const run = runs[i] as EditRun;
    if (run.kind === 0) {
      merged.push(0, run.aStart, run.bStart, run.length);
      i++;
      continue;
    }
    let end = i;
    while (end < runs.length && (runs[end] as EditRun).kind !== 0) end++;
    for (let j = i; j < end; j++) {
      const change = runs[j] as EditRun;
      if (change.kind === 1) merged.push(1, change.aStart, change.bStart, change.length);
    }
    for (let j = i; j < end; j++) {
      const change = runs[j] as EditRun;
      if (change.kind === 2) merged.push(2, change.aStart, change.bStart, change.length);
    }
    i = end;
  }
  return merged.runs;
}

function solve(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number, maxEdits: number, out: RunBuilder): void {
  let prefix = 0;
  while (aLo + prefix < aHi && bLo + prefix < bHi && a[aLo + prefix] === b[bLo + prefix]) prefix++;
  out.push(0, aLo, bLo, prefix);
  aLo += prefix;
  bLo += prefix;
  let suffix = 0;
  while (aHi - suffix > aLo && bHi - suffix > bLo && a[aHi - suffix - 1] === b[bHi - suffix - 1]) suffix++;
  aHi -= suffix;
  bHi -= suffix;
  if (aLo === aHi || bLo === bHi) {
    out.push(1, aLo, bLo, aHi - aLo);
    out.push(2, aHi, bLo, bHi - bLo);
  } else {
    const anchors = uniqueAnchors(a, aLo, aHi, b, bLo, bHi);
    if (anchors.length > 0) {
      let ai = aLo;
      let bi = bLo;
      for (let i = 0; i < anchors.length; i += 2) {
        const ax = anchors[i] as number;
        const bx = anchors[i + 1] as number;
        solve(a, ai, ax, b, bi, bx, maxEdits, out);
        out.push(0, ax, bx, 1);
        ai = ax + 1;
        bi = bx + 1;
      }
      solve(a, ai, aHi, b, bi, bHi, maxEdits, out);
    } else if (!myers(a, aLo, aHi, b, bLo, bHi, maxEdits, out)) {
      out.push(1, aLo, bLo, aHi - aLo);
      out.push(2, aHi, bLo, bHi - bLo);
    }
  }
  out.push(0, aHi, bHi, suffix);
}

/** Id ranges up to this size are counted in reusable typed arrays; wider ones use maps. */
const DENSE_RANGE = 1 << 20;
// Scratch counters indexed by id - min. Every user resets the entries it touched before returning,
// so the arrays stay all-zero between uses and no call allocates or clears a full range.
let scratchA = new Int32Array(4096);
let scratchB = new Int32Array(4096);

function ensureScratch(size: number): void {
  if (scratchA.length >= size) return;
  let length = scratchA.length;
  while (length < size) length *= 2;
  scratchA = new Int32Array(length);
  scratchB = new Int32Array(length);
}

function idRange(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let i = aLo; i < aHi; i++) {
    const id = a[i] as number;
    if (id < min) min = id;
    if (id > max) max = id;
  }
  for (let j = bLo; j < bHi; j++) {
    const id = b[j] as number;
    if (id < min) min = id;
    if (id > max) max = id;
  }
  return [min, max];
}

/**
 * Elements occurring exactly once on each side, as flat [aIndex, bIndex, …] pairs forming the
 * longest chain increasing on both sides.
 */
function uniqueAnchors(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number): number[] {
  const [min, max] = idRange(a, aLo, aHi, b, bLo, bHi);
  const aPositions: number[] = [];
  const bPositions: number[] = [];
  if (max - min < DENSE_RANGE) {
    // Dense ids (the usual case: interned per comparison): typed arrays instead of maps.
    // Position + 1 when seen once, -1 when seen more than once, 0 when not seen.
    ensureScratch(max - min + 1);
    const inA = scratchA;
    const inB = scratchB;
    for (let i = aLo; i < aHi; i++) {
      const k = (a[i] as number) - min;
      inA[k] = inA[k] === 0 ? i + 1 : -1;
    }
    for (let j = bLo; j < bHi; j++) {
      const k = (b[j] as number) - min;
      if (inA[k] !== 0) inB[k] = inB[k] === 0 ? j + 1 : -1;
    }
    for (let j = bLo; j < bHi; j++) {
      const k = (b[j] as number) - min;
      const ai = inA[k] as number;
      if (inB[k] === j + 1 && ai > 0) {
        aPositions.push(ai - 1);
        bPositions.push(j);
      }
    }
    for (let i = aLo; i < aHi; i++) inA[(a[i] as number) - min] = 0;
    for (let j = bLo; j < bHi; j++) inB[(b[j] as number) - min] = 0;
  } else {
    const inA = new Map<number, number>();
    for (let i = aLo; i < aHi; i++) {
      const id = a[i] as number;
      inA.set(id, inA.has(id) ? -1 : i + 1);
    }
    const inB = new Map<number, number>();
    for (let j = bLo; j < bHi; j++) {
      const id = b[j] as number;
      if (!inA.has(id)) continue;
      inB.set(id, inB.has(id) ? -1 : j + 1);
    }
    for (let j = bLo; j < bHi; j++) {
      const id = b[j] as number;
      if (inB.get(id) !== j + 1) continue;
      const ai = inA.get(id) as number;
      if (ai > 0) {
        aPositions.push(ai - 1);
        bPositions.push(j);
      }
    }
  }
  if (aPositions.length === 0) return [];
  // Longest increasing subsequence of aPositions (patience sorting, O(k log k)).
  const tails: number[] = [];
  const previous = new Int32Array(aPositions.length);
  for (let i = 0; i < aPositions.length; i++) {
    const value = aPositions[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((aPositions[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    previous[i] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = i;
  }
  const chain: number[] = [];
  for (let i = tails[tails.length - 1] as number; i >= 0; i = previous[i] as number) chain.push(i);
  const anchors: number[] = [];
  for (let k = chain.length - 1; k >= 0; k--) {
    const i = chain[k] as number;
    anchors.push(aPositions[i] as number, bPositions[i] as number);
  }
  return anchors;
}

/** How many elements the two ranges share, counted as multisets: an upper bound on their LCS. */
function commonCount(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number): number {
  const [min, max] = idRange(a, aLo, aHi, b, bLo, bHi);
  let common = 0;
  if (max - min < DENSE_RANGE) {
    ensureScratch(max - min + 1);
    const counts = scratchA;
    for (let i = aLo; i < aHi; i++) {
      const k = (a[i] as number) - min;
      counts[k] = (counts[k] as number) + 1;
    }
    for (let j = bLo; j < bHi; j++) {
      const k = (b[j] as number) - min;
      if ((counts[k] as number) > 0) {
        counts[k] = (counts[k] as number) - 1;
        common++;
      }
    }
    for (let i = aLo; i < aHi; i++) counts[(a[i] as number) - min] = 0;
    return common;
  }
  const counts = new Map<number, number>();
  for (let i = aLo; i < aHi; i++) counts.set(a[i] as number, (counts.get(a[i] as number) ?? 0) + 1);
  for (let j = bLo; j < bHi; j++) {
    const left = counts.get(b[j] as number) ?? 0;
    if (left > 0) {
      counts.set(b[j] as number, left - 1);
      common++;
    }
  }
  return common;
}

/** Snapshots of Myers' V array, one per edit distance d (2d + 3 entries at d² + 2d), reused across calls. */
let traceBuffer = new Int32Array(1024);

/** Myers' greedy algorithm with a trace for backtracking; false when the distance exceeds maxEdits. */
function myers(a: Seq, aLo: number, aHi: number, b: Seq, bLo: number, bHi: number, maxEdits: number, out: RunBuilder): boolean {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const max = Math.min(n + m, maxEdits);
  // Cheap lower bounds on the distance: when one exceeds the cap, Myers would only explore and fail.
  if (Math.abs(n - m) > max) return false;
  if (max < n + m && n + m - 2 * commonCount(a, aLo, aHi, b, bLo, bHi) > max) return false;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const traceSize = (max + 1) * (max + 1) + 2 * (max + 1);
  if (traceBuffer.length < traceSize) traceBuffer = new Int32Array(Math.max(traceSize, traceBuffer.length * 2));
  const trace = traceBuffer;
  for (let d = 0; d <= max; d++) {
    trace.set(v.subarray(offset - d - 1, offset + d + 2), d * d + 2 * d);
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number)) ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[aLo + x] === b[bLo + y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        backtrack(trace, d, n, m, aLo, bLo, out);
        return true;
      }
    }
  }
  return false;
}

function backtrack(trace: Int32Array, last: number, n: number, m: number, aLo: number, bLo: number, out: RunBuilder): void {
  // Steps collected backwards as (kind, x, y) triples, then replayed forwards.
  const reversed: number[] = [];
  let x = n;
  let y = m;
  for (let d = last; d >= 0; d--) {
    // trace entry for diagonal k at distance d: trace[base + k + d + 1]
    const base = d * d + 2 * d + d + 1;
    const k = x - y;
    const previousK = k === -d || (k !== d && (trace[base + k - 1] as number) < (trace[base + k + 1] as number)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : (trace[base + previousK] as number);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      x--;
      y--;
      reversed.push(0, x, y);
    }
    if (d > 0) {
      if (x === previousX) reversed.push(2, x, y - 1);
      else reversed.push(1, x - 1, y);
    }
    x = previousX;
    y = previousY;
  }
  for (let i = reversed.length - 3; i >= 0; i -= 3) {
    out.push(reversed[i] as EditKind, aLo + (reversed[i + 1] as number), bLo + (reversed[i + 2] as number), 1);
  }
}

/** Dice coefficient (0 … 1) of two multisets given as ascending arrays: 2·|a ∩ b| / (|a| + |b|); 1 when both are empty. */
export function diceOfSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const total = a.length + b.length;
  if (total === 0) return 1;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return (2 * shared) / total;
}

/** The id of `key` in `ids`, assigning the next free one on first sight (interning for diffs). */
export function internId(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

/** The a- and b-ranges of consecutive deletions and insertions starting at runs[i]. */
export function stretchBounds(runs: readonly EditRun[], i: number): [number, number, number, number, number] {
  let aFrom = Infinity;
  let aTo = -1;
  let bFrom = Infinity;
  let bTo = -1;
  while (i < runs.length && (runs[i] as EditRun).kind !== 0) {
    const change = runs[i] as EditRun;
    if (change.kind === 1) {
      aFrom = Math.min(aFrom, change.aStart);
      aTo = Math.max(aTo, change.aStart + change.length);
    } else {
      bFrom = Math.min(bFrom, change.bStart);
      bTo = Math.max(bTo, change.bStart + change.length);
    }
    i++;
  }
  return [aFrom, aTo, bFrom, bTo, i];
}
