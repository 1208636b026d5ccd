// The two-level alignment of two story documents: body sentences are interned to integer ids and
// aligned first (with moves detected), then words are diffed only inside sentence pairs that were
// edited, with bounded effort. Classification and every rendering read this one structure.
import { diceOfSorted, diffSequences, internId, stretchBounds, type EditRun } from './sequence.ts';
import { HAS_LETTER_OR_DIGIT, countWords, looseEqual, looseForm, looseHash, splitSentences, wordHashes, tokenize, wordsOf, type WordHashes } from './text.ts';
import type { StoryDocument } from './types.ts';

export interface SentenceUnit {
  readonly text: string;
  readonly paragraph: number;
  /** Position of the sentence inside its paragraph. */
  readonly position: number;
  /** Offset of the sentence's first character in its paragraph. */
  readonly offset: number;
}

/** A run of tokens: 0 kept, 1 removed, 2 added. */
export interface WordPart {
  readonly kind: 0 | 1 | 2;
  readonly text: string;
}

export type SentenceOp =
  | { readonly op: 'equal'; readonly a: number; readonly b: number }
  | { readonly op: 'removed'; readonly a: number; readonly trivial: boolean }
  | { readonly op: 'added'; readonly b: number; readonly trivial: boolean }
  /**
   * `words` is null when the pair was too different or too long to word-diff (shown as replaced).
   * `moved`: the sentence was also moved from another stretch (its old place is a `moved-from`).
   */
  | { readonly op: 'edited'; readonly a: number; readonly b: number; readonly words: WordPart[] | null; readonly trivial: boolean; readonly moved?: true }
  /** The sentence left position a (shown where it was) … */
  | { readonly op: 'moved-from'; readonly a: number; readonly b: number }
  /** … and arrived at position b (shown where it is). */
  | { readonly op: 'moved-to'; readonly a: number; readonly b: number };

export type FieldName = 'headline' | 'byline' | 'dek' | 'updated';

export interface FieldChange {
  readonly field: FieldName;
  readonly before: string | undefined;
  readonly after: string | undefined;
  readonly words: WordPart[] | null;
  readonly trivial: boolean;
}

export interface Alignment {
  readonly before: readonly SentenceUnit[];
  readonly after: readonly SentenceUnit[];
  readonly ops: readonly SentenceOp[];
  readonly fields: readonly FieldChange[];
  /** Paragraph breaks differ although the sentences do not (or not only). */
  readonly layoutChanged: boolean;
}

/** Sentence pairs longer than this many tokens (either side) are shown as replaced, not word-diffed. */
const MAX_PAIR_TOKENS = 600;
/** Word-level effort bound inside one sentence pair. */
const MAX_WORD_EDITS = 80;
/** Share of shared words above which a removed and an added sentence are one edited sentence. */
const PAIR_SIMILARITY = 0.45;
/** How far ahead pairing looks for a matching sentence inside a changed stretch. */
const PAIR_WINDOW = 6;
/** A pair keeping less than this share of its words is shown as replaced rather than word-diffed. */
const MIN_KEPT_SHARE = 0.3;

export const FIELD_NAMES: readonly FieldName[] = ['headline', 'byline', 'dek', 'updated'];

export function sentenceUnits(doc: StoryDocument): SentenceUnit[] {
  const units: SentenceUnit[] = [];
  doc.body.forEach((paragraph, index) => pushSentences(paragraph, index, units));
  return units;
}

/** Appends a paragraph's sentences (substrings joined by single spaces) with their offsets. */
function pushSentences(paragraph: string, index: number, units: SentenceUnit[], ids?: number[], idOf?: (text: string) => number): void {
  let offset = 0;
  splitSentences(paragraph).forEach((text, position) => {
    units.push({ text, paragraph: index, position, offset });
    ids?.push((idOf as (text: string) => number)(text));
    offset += text.length + 1;
  });
}

/** Word diff of two short texts; null when they are too long or differ beyond the effort bound. */
export function diffWordsBounded(before: string, after: string, tokenIds: Map<string, number> = new Map()): WordPart[] | null {
  const oldTokens = tokenize(before);
  const newTokens = tokenize(after);
  if (oldTokens.length > MAX_PAIR_TOKENS || newTokens.length > MAX_PAIR_TOKENS) return null;
  const idOf = (token: string) => internId(tokenIds, token);
  const runs = diffSequences(oldTokens.map(idOf), newTokens.map(idOf), { maxEdits: MAX_WORD_EDITS });
  let changed = 0;
  let keptWords = 0;
  for (const run of runs) {
    if (run.kind !== 0) changed += run.length;
    else for (let i = 0; i < run.length; i++) if (HAS_LETTER_OR_DIGIT.test(oldTokens[run.aStart + i] as string)) keptWords++;
  }
  if (changed > MAX_WORD_EDITS) return null;
  const totalWords = (countWords(before) + countWords(after)) / 2;
  if (totalWords > 0 && keptWords / totalWords < MIN_KEPT_SHARE) return null;
  return coalesce(
    runs.map((run) => ({
      kind: run.kind,
      text: (run.kind === 2 ? newTokens.slice(run.bStart, run.bStart + run.length) : oldTokens.slice(run.aStart, run.aStart + run.length)).join(''),
    })),
  );
}

/**
 * Folds whitespace-only kept runs between two changes into the change, so a change reads as one
 * removal and one addition ("[-were sent to the area-]{+reached the valley+}"), as git's word diff does.
 */
function coalesce(parts: WordPart[]): WordPart[] {
  const out: WordPart[] = [];
  let removed = '';
  let added = '';
  let open = false;
  let pendingSpace = '';
  const flush = () => {
    if (removed) out.push({ kind: 1, text: removed });
    if (added) out.push({ kind: 2, text: added });
    removed = '';
    added = '';
    open = false;
  };
  for (const part of parts) {
    if (part.kind === 0) {
      if (open && /^\s+$/.test(part.text)) {
        pendingSpace += part.text;
        continue;
      }
      flush();
      if (pendingSpace) out.push({ kind: 0, text: pendingSpace });
      pendingSpace = '';
      out.push(part);
      continue;
    }
    if (pendingSpace) {
      removed += pendingSpace;
      added += pendingSpace;
      pendingSpace = '';
    }
    open = true;
    if (part.kind === 1) removed += part.text;
    else added += part.text;
  }
  flush();
  if (pendingSpace) out.push({ kind: 0, text: pendingSpace });
  // Merge neighbouring kept runs.
  const merged: WordPart[] = [];
  for (const part of out) {
    const last = merged[merged.length - 1];
    if (last && last.kind === part.kind && part.kind === 0) merged[merged.length - 1] = { kind: 0, text: last.text + part.text };
    else merged.push(part);
  }
  return merged;
}

/** The lower-cased words of a text as interned ids, sorted: multisets intersect by merging. */
function sortedWordIds(text: string, wordIds: Map<string, number>): Int32Array {
  const words = wordsOf(text);
  const ids = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) ids[i] = internId(wordIds, words[i] as string);
  return ids.sort();
}

/** True when two sentences of these word counts are too different in length to ever pair. */
function lengthsRulePairingOut(aLength: number, bLength: number): boolean {
  return aLength === 0 || bLength === 0 || Math.min(aLength, bLength) / Math.max(aLength, bLength) < PAIR_SIMILARITY / 2;
}

/** Dice coefficient of two word multisets (0 … 1), each given as sorted word ids. */
function similarity(a: Int32Array, b: Int32Array): number {
  if (lengthsRulePairingOut(a.length, b.length)) return 0;
  return diceOfSorted(a, b);
}

export function alignDocuments(previous: StoryDocument, next: StoryDocument): Alignment {
  const tokenIds = new Map<string, number>();
  const fields: FieldChange[] = [];
  for (const field of FIELD_NAMES) {
    const before = previous[field];
    const after = next[field];
    if (before === after) continue;
    const trivial = before !== undefined && after !== undefined && looseForm(before) === looseForm(after);
    fields.push({ field, before, after, words: before !== undefined && after !== undefined ? diffWordsBounded(before, after, tokenIds) : null, trivial });
  }
  // Level 1: paragraphs. Unchanged paragraphs stay whole units and are never split or re-read.
  const paragraphIds = new Map<string, number>();
  const paragraphIdsOf = (body: readonly string[]) => {
    const ids = new Int32Array(body.length);
    body.forEach((paragraph, i) => {
      ids[i] = internId(paragraphIds, paragraph);
    });
    return ids;
  };
  const paragraphRuns = diffSequences(paragraphIdsOf(previous.body), paragraphIdsOf(next.body));
  const before: SentenceUnit[] = [];
  const after: SentenceUnit[] = [];
  const aIds: number[] = [];
  const bIds: number[] = [];
  const runs: EditRun[] = [];
  const sentenceIds = new Map<string, number>();
  const idOf = (text: string) => internId(sentenceIds, text);
  const split = (body: readonly string[], from: number, to: number, units: SentenceUnit[], ids: number[]) => {
    for (let p = from; p < to; p++) pushSentences(body[p] as string, p, units, ids, idOf);
  };
  let layoutChanged = false;
  for (let r = 0; r < paragraphRuns.length; ) {
    const run = paragraphRuns[r] as EditRun;
    if (run.kind === 0) {
      for (let i = 0; i < run.length; i++) {
        const text = previous.body[run.aStart + i] as string;
        runs.push({ kind: 0, aStart: before.length, bStart: after.length, length: 1 });
        before.push({ text, paragraph: run.aStart + i, position: 0, offset: 0 });
        after.push({ text, paragraph: run.bStart + i, position: 0, offset: 0 });
        aIds.push(-1);
        bIds.push(-1);
      }
      r++;
      continue;
    }
    // Level 2: the sentences of a changed stretch of paragraphs.
    layoutChanged = true;
    const [aFrom, aTo, bFrom, bTo, nextRun] = stretchBounds(paragraphRuns, r);
    r = nextRun;
    const aOffset = before.length;
    const bOffset = after.length;
    if (aTo >= 0) split(previous.body, aFrom, aTo, before, aIds);
    if (bTo >= 0) split(next.body, bFrom, bTo, after, bIds);
    for (const sentenceRun of diffSequences(aIds.slice(aOffset), bIds.slice(bOffset))) {
      runs.push({ kind: sentenceRun.kind, aStart: sentenceRun.aStart + aOffset, bStart: sentenceRun.bStart + bOffset, length: sentenceRun.length });
    }
  }
  const ops = sentenceOps(runs, before, after, aIds, bIds, tokenIds);
  return { before, after, ops, fields, layoutChanged };
}

interface Stretch {
  readonly removed: number[];
  readonly added: number[];
}

function sentenceOps(
  runs: readonly EditRun[],
  before: readonly SentenceUnit[],
  after: readonly SentenceUnit[],
  aIds: readonly number[],
  bIds: readonly number[],
  tokenIds: Map<string, number>,
): SentenceOp[] {
  // Changed stretches between kept runs; kept runs become `equal` ops in place.
  type Piece = { equal: EditRun } | { stretch: Stretch };
  const pieces: Piece[] = [];
  let current: Stretch | undefined;
  for (const run of runs) {
    if (run.kind === 0) {
      current = undefined;
      pieces.push({ equal: run });
      continue;
    }
    if (!current) {
      current = { removed: [], added: [] };
      pieces.push({ stretch: current });
    }
    for (let i = 0; i < run.length; i++) {
      if (run.kind === 1) current.removed.push(run.aStart + i);
      else current.added.push(run.bStart + i);
    }
  }

  // Moves: a removed sentence that reappears (same text, or same loose form) elsewhere.
  const movedTo = new Map<number, number>(); // a → b
  const movedFrom = new Map<number, number>(); // b → a
  const stretchOfA = new Map<number, Stretch>();
  const removedById = new Map<number, number[]>();
  for (const piece of pieces) {
    if (!('stretch' in piece)) continue;
    for (const a of piece.stretch.removed) {
      stretchOfA.set(a, piece.stretch);
      const list = removedById.get(aIds[a] as number);
      if (list) list.push(a);
      else removedById.set(aIds[a] as number, [a]);
    }
  }
  const pairMove = (a: number, b: number) => {
    movedTo.set(a, b);
    movedFrom.set(b, a);
  };
  const unpairedAdded: { b: number; stretch: Stretch }[] = [];
  for (const piece of pieces) {
    if (!('stretch' in piece)) continue;
    for (const b of piece.stretch.added) {
      const list = removedById.get(bIds[b] as number);
      const a = list?.shift();
      if (a !== undefined) pairMove(a, b);
      else unpairedAdded.push({ b, stretch: piece.stretch });
    }
  }
  if (unpairedAdded.length > 0) {
    // Loose moves (moved and re-punctuated): matched by a hash of the loose form, then verified.
    // Only across stretches: a sentence with no candidate in another stretch is not hashed at all
    // (a rewrite that is one changed stretch reads no loose forms).
    const unpairedIn = new Map<Stretch, number>();
    for (const { stretch } of unpairedAdded) unpairedIn.set(stretch, (unpairedIn.get(stretch) ?? 0) + 1);
    const removedIn = new Map<Stretch, number>();
    let removedTotal = 0;
    for (const [a, stretch] of stretchOfA) {
      if (movedTo.has(a)) continue;
      removedTotal++;
      removedIn.set(stretch, (removedIn.get(stretch) ?? 0) + 1);
    }
    const removedByLoose = new Map<number, number[]>();
    for (const [a, stretch] of stretchOfA) {
      if (movedTo.has(a) || unpairedAdded.length === (unpairedIn.get(stretch) ?? 0)) continue;
      const key = looseHash((before[a] as SentenceUnit).text);
      const list = removedByLoose.get(key);
      if (list) list.push(a);
      else removedByLoose.set(key, [a]);
    }
    for (const { b, stretch } of unpairedAdded) {
      if (removedTotal === (removedIn.get(stretch) ?? 0)) continue;
      const text = (after[b] as SentenceUnit).text;
      const list = removedByLoose.get(looseHash(text));
      // Only across stretches: inside one stretch a loose match is an edit, not a move.
      const index = list?.findIndex((a) => stretchOfA.get(a) !== stretch && looseEqual([(before[a] as SentenceUnit).text], [text])) ?? -1;
      if (list && index >= 0 && looseForm(text) !== '') pairMove(list.splice(index, 1)[0] as number, b);
    }
  }

  // Edited sentences: paired inside their stretch first, then (moved and edited) across stretches.
  const pairs = new Map<number, number>(); // a → b
  const trivialStretches = new Set<Stretch>();
  const stretches = pieces.flatMap((piece) => ('stretch' in piece ? [piece.stretch] : []));
  for (const stretch of stretches) pairInsideStretch(stretch, before, after, movedTo, movedFrom, pairs, trivialStretches);
  const movedEdits = pairAcrossStretches(stretches, before, after, movedTo, movedFrom, pairs, trivialStretches);

  const ops: SentenceOp[] = [];
  for (const piece of pieces) {
    if ('equal' in piece) {
      for (let i = 0; i < piece.equal.length; i++) ops.push({ op: 'equal', a: piece.equal.aStart + i, b: piece.equal.bStart + i });
      continue;
    }
    emitStretch(piece.stretch, before, after, movedTo, movedFrom, pairs, movedEdits, trivialStretches.has(piece.stretch), tokenIds, ops);
  }
  return ops;
}

/** Share of words at or above which sentences in different stretches are one sentence, moved and edited. */
const MOVED_EDIT_SIMILARITY = 0.6;
/** A word found in more leftover sentences than this is too common to propose a cross-stretch pair. */
const COMMON_WORD_SENTENCES = 24;

/** Pairs removed with added sentences of one stretch, in order, when they share enough words. */
function pairInsideStretch(
  stretch: Stretch,
  before: readonly SentenceUnit[],
  after: readonly SentenceUnit[],
  movedTo: Map<number, number>,
  movedFrom: Map<number, number>,
  pairs: Map<number, number>,
  trivialStretches: Set<Stretch>,
): void {
  const removed = stretch.removed.filter((a) => !movedTo.has(a));
  const added = stretch.added.filter((b) => !movedFrom.has(b));
  if (removed.length === 0 || added.length === 0) return;
  // Re-punctuated or re-cased without a word changing: the whole stretch is trivial.
  if (
    looseEqual(
      removed.map((a) => (before[a] as SentenceUnit).text),
      added.map((b) => (after[b] as SentenceUnit).text),
    )
  ) {
    trivialStretches.add(stretch);
    return;
  }
  const wordIds = new Map<string, number>();
  // Large stretches (rewrites) look less far ahead: pairing stays linear.
  const window = removed.length * added.length > 10_000 ? 2 : PAIR_WINDOW;
  // Every sentence is read once into word hashes; those rule out most candidates (the hashed
  // share is never below the exact one for ASCII words), and only the rest compare exact words.
  const addedHashes = new Map<number, WordHashes>();
  const addedExact = new Map<number, Int32Array>();
  const hashesOfAdded = (b: number) => {
    let hashes = addedHashes.get(b);
    if (!hashes) {
      hashes = wordHashes((after[b] as SentenceUnit).text);
      addedHashes.set(b, hashes);
    }
    return hashes;
  };
  const exactOfAdded = (b: number) => {
    let words = addedExact.get(b);
    if (!words) {
      words = sortedWordIds((after[b] as SentenceUnit).text, wordIds);
      addedExact.set(b, words);
    }
    return words;
  };
  let next = 0;
  for (const a of removed) {
    if (next >= added.length) break;
    const text = (before[a] as SentenceUnit).text;
    const end = Math.min(added.length, next + window);
    const hashes = wordHashes(text);
    let exact: Int32Array | undefined;
    let best = -1;
    let bestScore = PAIR_SIMILARITY;
    for (let j = next; j < end; j++) {
      const b = added[j] as number;
      const other = hashesOfAdded(b);
      if (lengthsRulePairingOut(hashes.hashes.length, other.hashes.length)) continue;
      if (hashes.ascii && other.ascii && similarity(hashes.hashes, other.hashes) <= bestScore) continue;
      exact ??= sortedWordIds(text, wordIds);
      const score = similarity(exact, exactOfAdded(b));
      if (score > bestScore) {
        bestScore = score;
        best = j;
      }
    }
    if (best >= 0) {
      pairs.set(a, added[best] as number);
      next = best + 1;
    }
  }
}

/**
 * Sentences left unpaired in one stretch that reappear, edited, in another: a paragraph moved and
 * changed (common between distant versions). Candidates come from an index of the words the
 * sentences share, so the pass stays near-linear; the bar is higher than inside a stretch.
 * Returns the `a` side of the pairs it made.
 */
function pairAcrossStretches(
  stretches: readonly Stretch[],
  before: readonly SentenceUnit[],
  after: readonly SentenceUnit[],
  movedTo: Map<number, number>,
  movedFrom: Map<number, number>,
  pairs: Map<number, number>,
  trivialStretches: Set<Stretch>,
): Set<number> {
  const moved = new Set<number>();
  if (stretches.length < 2) return moved;
  const pairedB = new Set(pairs.values());
  const wordIds = new Map<string, number>();
  const addedWords = new Map<number, Int32Array>();
  const stretchOfB = new Map<number, Stretch>();
  const sentencesWith = new Map<number, number[]>();
  for (const stretch of stretches) {
    if (trivialStretches.has(stretch)) continue;
    for (const b of stretch.added) {
      if (movedFrom.has(b) || pairedB.has(b)) continue;
      const words = sortedWordIds((after[b] as SentenceUnit).text, wordIds);
      addedWords.set(b, words);
      stretchOfB.set(b, stretch);
      for (let i = 0; i < words.length; i++) {
        const id = words[i] as number;
        if (i > 0 && words[i - 1] === id) continue;
        const list = sentencesWith.get(id);
        if (list) list.push(b);
        else sentencesWith.set(id, [b]);
      }
    }
  }
  if (addedWords.size === 0) return moved;
  for (const stretch of stretches) {
    if (trivialStretches.has(stretch)) continue;
    for (const a of stretch.removed) {
      if (movedTo.has(a) || pairs.has(a)) continue;
      const words = sortedWordIds((before[a] as SentenceUnit).text, wordIds);
      const shared = new Map<number, number>();
      for (let i = 0; i < words.length; i++) {
        const id = words[i] as number;
        if (i > 0 && words[i - 1] === id) continue;
        const list = sentencesWith.get(id);
        if (!list || list.length > COMMON_WORD_SENTENCES) continue;
        for (const b of list) if (addedWords.has(b) && stretchOfB.get(b) !== stretch) shared.set(b, (shared.get(b) ?? 0) + 1);
      }
      let best = -1;
      let bestScore = MOVED_EDIT_SIMILARITY;
      for (const b of shared.keys()) {
        const score = similarity(words, addedWords.get(b) as Int32Array);
        if (score >= bestScore) {
          bestScore = score;
          best = b;
        }
      }
      if (best >= 0) {
        pairs.set(a, best);
        moved.add(a);
        addedWords.delete(best);
      }
    }
  }
  return moved;
}

function emitStretch(
  stretch: Stretch,
  before: readonly SentenceUnit[],
  after: readonly SentenceUnit[],
  movedTo: Map<number, number>,
  movedFrom: Map<number, number>,
  pairs: Map<number, number>,
  movedEdits: Set<number>,
  trivialStretch: boolean,
  tokenIds: Map<string, number>,
  ops: SentenceOp[],
): void {
  // Emit in reading order: removals before additions, edited pairs where they meet. A sentence
  // moved and edited shows as moved-from where it was and as edited where it is.
  const movedEditOf = new Map<number, number>(); // b → a
  for (const a of movedEdits) movedEditOf.set(pairs.get(a) as number, a);
  let j = 0;
  const addedList = stretch.added;
  const edited = (a: number, b: number, moved: boolean) => {
    const oldText = (before[a] as SentenceUnit).text;
    const newText = (after[b] as SentenceUnit).text;
    const words = diffWordsBounded(oldText, newText, tokenIds);
    ops.push({ op: 'edited', a, b, words, trivial: looseForm(oldText) === looseForm(newText), ...(moved ? { moved: true as const } : {}) });
  };
  const emitAddedUntil = (limit: number | undefined) => {
    while (j < addedList.length && (limit === undefined || (addedList[j] as number) < limit)) {
      const b = addedList[j] as number;
      j++;
      const from = movedFrom.get(b);
      const movedEdit = movedEditOf.get(b);
      if (from !== undefined) ops.push({ op: 'moved-to', a: from, b });
      else if (movedEdit !== undefined) edited(movedEdit, b, true);
      else if (!isPairedHere(b)) ops.push({ op: 'added', b, trivial: trivialStretch });
    }
  };
  const pairedHere = new Set<number>();
  for (const a of stretch.removed) if (pairs.has(a) && !movedEdits.has(a)) pairedHere.add(pairs.get(a) as number);
  const isPairedHere = (b: number) => pairedHere.has(b);
  for (const a of stretch.removed) {
    const to = movedTo.get(a) ?? (movedEdits.has(a) ? pairs.get(a) : undefined);
    if (to !== undefined) {
      ops.push({ op: 'moved-from', a, b: to });
      continue;
    }
    const b = pairs.get(a);
    if (b === undefined) {
      ops.push({ op: 'removed', a, trivial: trivialStretch });
      continue;
    }
    emitAddedUntil(b);
    j++; // the paired sentence itself
    edited(a, b, false);
  }
  emitAddedUntil(undefined);
}
