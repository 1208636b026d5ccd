// Exact edit scripts over canonical text (see CanonicalPatch). Made by a two-level diff — text
// chunks (lines and sentences) first, then word tokens inside each changed stretch — so a patch
// grows with the edit, not with the story. Applied by replaying keeps, deletions and insertions.
import { diceOfSorted, diffSequences, internId, stretchBounds, type EditRun } from './sequence.ts';
import { tokenHashes, tokenize } from './text.ts';
import type { CanonicalPatch } from './types.ts';

export class PatchMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchMismatchError';
  }
}

/** Changed stretches up to this many UTF-16 units (each side) get a word-level diff. */
const WORD_DIFF_LIMIT = 1500;
/** Kept runs shorter than this between two edits are folded into the edit: smaller JSON. */
const MIN_KEEP = 8;

/** Chunks end after a line break, or after sentence punctuation and the space that follows it. */
function chunkEnds(text: string): number[] {
  const ends: number[] = [];
  const length = text.length;
  // indexOf finds the spaces and line breaks far faster than reading every character.
  let from = 0;
  for (;;) {
    const lineBreak = text.indexOf('\n', from);
    const stop = lineBreak < 0 ? length : lineBreak;
    for (let at = text.indexOf(' ', from); at >= 0 && at < stop; at = text.indexOf(' ', at + 1)) {
      if (at === 0) continue;
      const before = text.charCodeAt(at - 1);
      if (before === 46 || before === 33 || before === 63) ends.push(at + 1);
    }
    if (lineBreak < 0) break;
    ends.push(lineBreak + 1);
    from = lineBreak + 1;
  }
  if (ends[ends.length - 1] !== length && length > 0) ends.push(length);
  return ends;
}

function intern(text: string, ends: number[], ids: Map<string, number>): Int32Array {
  const out = new Int32Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    const chunk = text.slice(start, end);
    out[i] = internId(ids, chunk);
    start = end;
  }
  return out;
}

class PatchBuilder {
  readonly steps: (number | string)[] = [];
  keep(n: number): void {
    if (n <= 0) return;
    const last = this.steps[this.steps.length - 1];
    if (typeof last === 'number' && last > 0) this.steps[this.steps.length - 1] = last + n;
    else this.steps.push(n);
  }
  remove(n: number): void {
    if (n <= 0) return;
    const last = this.steps[this.steps.length - 1];
    const beforeLast = this.steps[this.steps.length - 2];
    if (typeof last === 'number' && last < 0) this.steps[this.steps.length - 1] = last - n;
    else if (typeof last === 'string' && typeof beforeLast === 'number' && beforeLast < 0) this.steps[this.steps.length - 2] = beforeLast - n;
    else this.steps.push(-n);
  }
  insert(text: string): void {
    if (text === '') return;
    const last = this.steps[this.steps.length - 1];
    if (typeof last === 'string') this.steps[this.steps.length - 1] = last + text;
    else this.steps.push(text);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Emits the edit turning `before` into `after`: common ends kept, the middle word-diffed when small. */
function refine(before: string, after: string, out: PatchBuilder): void {
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && prefix < limit && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  let suffix = 0;
  while (suffix < limit - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  if (suffix > 0 && isHighSurrogate(before.charCodeAt(before.length - 1 - suffix))) suffix--;
  out.keep(prefix);
  const oldMiddle = before.slice(prefix, before.length - suffix);
  const newMiddle = after.slice(prefix, after.length - suffix);
  if (oldMiddle === '' || newMiddle === '' || oldMiddle.length > WORD_DIFF_LIMIT || newMiddle.length > WORD_DIFF_LIMIT) {
    out.remove(oldMiddle.length);
    out.insert(newMiddle);
  } else if (sharedShare(oldMiddle, newMiddle) < MIN_SHARED_TOKENS) {
    // Sides that share almost no words are replaced wholesale: a word diff would find only spaces.
    out.remove(oldMiddle.length);
    out.insert(newMiddle);
  } else {
    wordEdit(oldMiddle, newMiddle, out);
  }
  out.keep(suffix);
}

/** Share of tokens (other than spaces) two sides must have in common to be word-diffed at all. */
const MIN_SHARED_TOKENS = 0.4;

function wordEdit(before: string, after: string, out: PatchBuilder): void {
  const oldTokens = tokenize(before);
  const newTokens = tokenize(after);
  // The token pattern covers every character of normalized text; fall back when it did not.
  if (totalLength(oldTokens) !== before.length || totalLength(newTokens) !== after.length) {
    out.remove(before.length);
    out.insert(after);
    return;
  }
  const ids = new Map<string, number>();
  const toIds = (tokens: string[]) => {
    const result = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) result[i] = internId(ids, tokens[i] as string);
    return result;
  };
  const oldIds = toIds(oldTokens);
  const newIds = toIds(newTokens);
  const runs = diffSequences(oldIds, newIds, { maxEdits: 40 });
  const oldStarts = tokenStarts(oldTokens);
  const newStarts = tokenStarts(newTokens);
  // Pending replacement: deleted length and inserted text, flushed before a long enough keep.
  let pendingRemove = 0;
  let pendingInsert = '';
  const flush = () => {
    out.remove(pendingRemove);
    out.insert(pendingInsert);
    pendingRemove = 0;
    pendingInsert = '';
  };
  for (const run of runs) {
    if (run.kind === 0) {
      const from = oldStarts[run.aStart] as number;
      const to = oldStarts[run.aStart + run.length] as number;
      if (to - from < MIN_KEEP && (pendingRemove > 0 || pendingInsert !== '')) {
        pendingRemove += to - from;
        pendingInsert += before.slice(from, to);
      } else {
        flush();
        out.keep(to - from);
      }
    } else if (run.kind === 1) {
      pendingRemove += (oldStarts[run.aStart + run.length] as number) - (oldStarts[run.aStart] as number);
    } else {
      pendingInsert += after.slice(newStarts[run.bStart] as number, newStarts[run.bStart + run.length] as number);
    }
  }
  flush();
}

function totalLength(tokens: readonly string[]): number {
  let length = 0;
  for (const token of tokens) length += token.length;
  return length;
}

/** Offsets where each token starts, plus the text length at the end. */
function tokenStarts(tokens: readonly string[]): Int32Array {
  const starts = new Int32Array(tokens.length + 1);
  for (let i = 0; i < tokens.length; i++) starts[i + 1] = (starts[i] as number) + (tokens[i] as string).length;
  return starts;
}

/**
 * Dice coefficient of the two sides' tokens other than whitespace, as multisets of 32-bit hashes
 * (1 when neither has any). Reads the text once and builds no strings: it only decides whether a
 * word diff is worth running, so a rare hash collision costs nothing but that choice.
 */
function sharedShare(before: string, after: string): number {
  return diceOfSorted(tokenHashes(before), tokenHashes(after));
}

/** Line ids for a text split at '\n'; the part after the last line break gets an id of its own. */
function lineIds(lines: string[], ids: Map<string, number>, tailId: number): Int32Array {
  const out = new Int32Array(lines.length);
  const last = lines.length - 1;
  for (let i = 0; i < last; i++) out[i] = internId(ids, lines[i] as string);
  out[last] = tailId;
  return out;
}

/** The exact edit script from `previous` to `next` (both canonical texts, or any strings). */
export function makePatch(previous: string, next: string): CanonicalPatch {
  if (previous === next) return previous === '' ? [] : [previous.length];
  return makeLinePatch(previous.split('\n'), next.split('\n'));
}

/**
 * The same script from texts given as their '\n'-separated lines (`text.split('\n')`). Lets the
 * engine patch canonical text straight from documents without rendering and re-splitting it.
 */
export function makeLinePatch(oldLines: string[], newLines: string[]): CanonicalPatch {
  const out = new PatchBuilder();
  // Level 1: lines (fields and paragraphs of canonical text), compared by hashing.
  const ids = new Map<string, number>();
  const sameTail = oldLines[oldLines.length - 1] === newLines[newLines.length - 1];
  const runs = diffSequences(lineIds(oldLines, ids, -1), lineIds(newLines, ids, sameTail ? -1 : -2));
  const oldStarts = lineStarts(oldLines);
  const newStarts = lineStarts(newLines);
  // One join (with an empty last element for the final line break) gives a flat string, cheap to scan.
  const textOf = (lines: string[], from: number, to: number) => {
    const part = lines.slice(from, to);
    if (to < lines.length) part.push('');
    return part.join('\n');
  };
  let i = 0;
  while (i < runs.length) {
    const run = runs[i] as EditRun;
    if (run.kind === 0) {
      out.keep((oldStarts[run.aStart + run.length] as number) - (oldStarts[run.aStart] as number));
      i++;
      continue;
    }
    // Level 2: a changed stretch of lines, diffed by sentence chunks and then words.
    const [aFrom, aTo, bFrom, bTo, nextIndex] = stretchBounds(runs, i);
    i = nextIndex;
    patchStretch(aTo < 0 ? '' : textOf(oldLines, aFrom, aTo), bTo < 0 ? '' : textOf(newLines, bFrom, bTo), out);
  }
  return out.steps;
}

/** Offsets where each line starts, plus the text length at the end. */
function lineStarts(lines: string[]): number[] {
  const starts = [0];
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    offset += (lines[i] as string).length + (i < lines.length - 1 ? 1 : 0);
    starts.push(offset);
  }
  return starts;
}


function patchStretch(previous: string, next: string, out: PatchBuilder): void {
  if (previous === '' || next === '') {
    out.remove(previous.length);
    out.insert(next);
    return;
  }
  const oldEnds = chunkEnds(previous);
  const newEnds = chunkEnds(next);
  const ids = new Map<string, number>();
  const runs: EditRun[] = diffSequences(intern(previous, oldEnds, ids), intern(next, newEnds, ids));
  const startOf = (ends: number[], index: number) => (index === 0 ? 0 : (ends[index - 1] as number));
  let i = 0;
  while (i < runs.length) {
    const run = runs[i] as EditRun;
    if (run.kind === 0) {
      out.keep(startOf(oldEnds, run.aStart + run.length) - startOf(oldEnds, run.aStart));
      i++;
      continue;
    }
    const [aFrom, aTo, bFrom, bTo, nextIndex] = stretchBounds(runs, i);
    i = nextIndex;
    const before = aTo < 0 ? '' : previous.slice(startOf(oldEnds, aFrom), startOf(oldEnds, aTo));
    const after = bTo < 0 ? '' : next.slice(startOf(newEnds, bFrom), startOf(newEnds, bTo));
    refine(before, after, out);
  }
}

/** Replays a patch on the previous text; throws PatchMismatchError when it does not fit. */
export function applyPatch(previous: string, patch: CanonicalPatch): string {
  let cursor = 0;
  const parts: string[] = [];
  for (const step of patch) {
    if (typeof step === 'string') {
      parts.push(step);
    } else if (step >= 0) {
      if (cursor + step > previous.length) throw new PatchMismatchError('patch reaches past the end of the previous text');
      parts.push(previous.slice(cursor, cursor + step));
      cursor += step;
    } else {
      cursor -= step;
    }
    if (cursor > previous.length) throw new PatchMismatchError('patch reaches past the end of the previous text');
  }
  if (cursor !== previous.length) throw new PatchMismatchError(`patch consumed ${cursor} of ${previous.length} characters`);
  return parts.join('');
}
