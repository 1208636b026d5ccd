// Compares two story documents and summarizes the change in auditors' terms: which parts changed,
// which figures and quotes, whether a note explains it (else: stealth), and how much it matters.
import { alignDocuments, type Alignment, type FieldChange, type SentenceUnit, type WordPart } from './align.ts';
import { canonicalLines, renderCanonical } from './canonical.ts';
import { makeLinePatch, makePatch } from './patch.ts';
import { boundedEditDistance, countWords, excerpt, hasQuote, isFigure, isWord, splitSentences, tokenize, type NoteKind } from './text.ts';
import type { ChangeKind, ChangeSummary, NumberChange, RevisionChange, SentenceOperation, StoryDocument } from './types.ts';

/** Share of words replaced above which a revision is a rewrite. */
const REWRITE_SHARE = 0.5;
/** Share of words replaced above which a change is substantive even without figures or quotes. */
const LARGE_SHARE = 0.3;
const MAX_OPERATIONS = 24;
const MAX_NUMBERS = 40;
const MAX_TEXT = 200;
const MAX_CONTEXT = 300;

export function compareDocuments(previous: StoryDocument | undefined, next: StoryDocument): RevisionChange {
  if (!previous) return { summary: firstVersionSummary(next), patch: makePatch('', renderCanonical(next)) };
  const previousLines = canonicalLines(previous);
  const nextLines = canonicalLines(next);
  if (sameLines(previousLines, nextLines)) {
    const length = previousLines.reduce((sum, line) => sum + line.length + 1, -1);
    return { summary: unchangedSummary(), patch: length > 0 ? [length] : [] };
  }
  const patch = makeLinePatch(previousLines, nextLines);
  return { summary: summarize(alignDocuments(previous, next), previous, next), patch };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Words in a document, estimated from spaces (exact for normalized prose, and fast on long stories).
 * `known` carries paragraph counts between calls: the paragraphs both versions share are counted once
 * (their hashes are cached from the diff, so looking one up is cheaper than counting it again).
 */
function documentWords(doc: StoryDocument, known?: Map<string, number>): number {
  let words = 0;
  const count = (text: string | undefined) => {
    if (!text) return 0;
    let n = 1;
    for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', at + 1)) n++;
    return n;
  };
  words += count(doc.headline) + count(doc.byline) + count(doc.dek);
  for (const paragraph of doc.body) {
    let n = known?.get(paragraph);
    if (n === undefined) {
      n = count(paragraph);
      known?.set(paragraph, n);
    }
    words += n;
  }
  return words;
}

function firstVersionSummary(doc: StoryDocument): ChangeSummary {
  const sentences = doc.body.reduce((sum, paragraph) => sum + splitSentences(paragraph).length, 0);
  return {
    kinds: ['first-version'],
    stealth: false,
    significance: 1,
    reasons: ['first version of the story'],
    fields: ['headline', ...(doc.byline !== undefined ? ['byline'] : []), ...(doc.dek !== undefined ? ['dek'] : []), ...(doc.body.length > 0 ? ['body'] : [])],
    numbers: [],
    sentences: { added: sentences, removed: 0, edited: 0, moved: 0 },
    words: { added: countWords(doc.headline) + countWords(doc.byline ?? '') + countWords(doc.dek ?? '') + doc.body.reduce((sum, p) => sum + countWords(p), 0), removed: 0 },
  };
}

function unchangedSummary(): ChangeSummary {
  return {
    kinds: ['unchanged'],
    stealth: false,
    significance: 0,
    reasons: ['canonical text is identical'],
    fields: [],
    numbers: [],
    sentences: { added: 0, removed: 0, edited: 0, moved: 0 },
    words: { added: 0, removed: 0 },
  };
}

interface WordEditFacts {
  added: number;
  removed: number;
  figures: { before: string | null; after: string | null }[];
  /** Exactly one word replaced by a close spelling (and no figure). */
  spelling: boolean;
}

/** Reads a word diff: words added/removed, figures changed (paired in order per change), spelling fixes. */
function wordEditFacts(parts: readonly WordPart[]): WordEditFacts {
  const facts: WordEditFacts = { added: 0, removed: 0, figures: [], spelling: false };
  let changedGroups = 0;
  let removedWords: string[] = [];
  let addedWords: string[] = [];
  let lastRemoved: string[] = [];
  let lastAdded: string[] = [];
  const closeGroup = () => {
    if (removedWords.length === 0 && addedWords.length === 0) return;
    changedGroups++;
    const removedFigures = removedWords.filter(isFigure);
    const addedFigures = addedWords.filter(isFigure);
    for (let i = 0; i < Math.max(removedFigures.length, addedFigures.length); i++) {
      facts.figures.push({ before: removedFigures[i] ?? null, after: addedFigures[i] ?? null });
    }
    lastRemoved = removedWords;
    lastAdded = addedWords;
    removedWords = [];
    addedWords = [];
  };
  for (const part of parts) {
    if (part.kind === 0) {
      if (/\S/.test(part.text)) closeGroup();
      continue;
    }
    const words = tokenize(part.text).filter(isWord);
    if (part.kind === 1) {
      facts.removed += words.length;
      removedWords.push(...words);
    } else {
      facts.added += words.length;
      addedWords.push(...words);
    }
  }
  closeGroup();
  if (changedGroups === 1 && lastRemoved.length === 1 && lastAdded.length === 1) {
    const [was, is] = [lastRemoved[0] as string, lastAdded[0] as string];
    if (!isFigure(was) && !isFigure(is) && Math.min(was.length, is.length) >= 3) {
      const limit = Math.min(was.length, is.length) >= 5 ? 2 : 1;
      facts.spelling = boundedEditDistance(was.toLowerCase(), is.toLowerCase(), limit) <= limit;
    }
  }
  return facts;
}

function noteKinds(note: NoteKind): ChangeKind[] {
  return note === 'update' ? ['update-note'] : note === 'correction' ? ['correction-note'] : [];
}

function summarize(alignment: Alignment, previous: StoryDocument, next: StoryDocument): ChangeSummary {
  const kinds = new Set<ChangeKind>();
  const fields = new Set<string>();
  const numbers: NumberChange[] = [];
  const operations: SentenceOperation[] = [];
  let operationsOmitted = 0;
  const sentences = { added: 0, removed: 0, edited: 0, moved: 0 };
  const words = { added: 0, removed: 0 };
  let substantive = false;
  const substantiveReasons = new Set<string>();
  let explained = false; // an update or correction note was added or changed
  let quote = false;
  let spellingOnly = true;
  let trivialOnly = true;
  let headlineChanged = false;

  const operation = (op: SentenceOperation) => {
    if (operations.length < MAX_OPERATIONS) operations.push(op);
    else operationsOmitted++;
  };
  const figure = (before: string | null, after: string | null, context: string) => {
    if (numbers.length < MAX_NUMBERS) numbers.push({ before, after, context: excerpt(context, MAX_CONTEXT) });
  };

  for (const change of alignment.fields) {
    if (change.field === 'updated') {
      fields.add('updated');
      continue;
    }
    fields.add(change.field);
    if (change.trivial) continue;
    trivialOnly = false;
    const facts = change.words ? wordEditFacts(change.words) : undefined;
    words.added += facts?.added ?? countWords(change.after ?? '');
    words.removed += facts?.removed ?? countWords(change.before ?? '');
    operation(fieldOperation(change));
    if (facts?.spelling) {
      kinds.add(change.field);
      continue;
    }
    spellingOnly = false;
    kinds.add(change.field);
    for (const { before, after } of facts?.figures ?? []) figure(before, after, change.after ?? change.before ?? '');
    if ((facts?.figures.length ?? 0) > 0) {
      substantive = true;
      substantiveReasons.add(`a figure in the ${change.field} changed`);
    }
    if (change.field === 'headline') {
      headlineChanged = true;
      substantive = true;
      substantiveReasons.add('the headline changed');
    }
  }

  const before = alignment.before;
  const after = alignment.after;
  const touch = (paragraph: number, note: NoteKind) => {
    fields.add('body');
    if (note) return;
    kinds.add(paragraph === 0 ? 'lede' : 'body');
  };
  let paragraphsAdded = new Set<number>();
  let paragraphsRemoved = new Set<number>();
  const movedParagraphs = new Map<number, { moved: number; total: number }>();
  for (const op of alignment.ops) {
    switch (op.op) {
      case 'equal':
        break;
      case 'added': {
        const unit = after[op.b] as SentenceUnit;
        if (op.trivial) {
          fields.add('body');
          break;
        }
        trivialOnly = false;
        spellingOnly = false;
        sentences.added++;
        words.added += countWords(unit.text);
        touch(unit.paragraph, unit.note);
        paragraphsAdded.add(unit.paragraph);
        for (const kind of noteKinds(unit.note)) kinds.add(kind);
        if (unit.note) explained = true;
        else if (hasQuote(unit.text)) quote = true;
        operation({ op: 'added', field: 'body', paragraph: unit.paragraph, after: excerpt(unit.text, MAX_TEXT) });
        break;
      }
      case 'removed': {
        const unit = before[op.a] as SentenceUnit;
        if (op.trivial) {
          fields.add('body');
          break;
        }
        trivialOnly = false;
        spellingOnly = false;
        sentences.removed++;
        words.removed += countWords(unit.text);
        touch(unit.paragraph, unit.note);
        paragraphsRemoved.add(unit.paragraph);
        for (const kind of noteKinds(unit.note)) kinds.add(kind);
        if (!unit.note && hasQuote(unit.text)) quote = true;
        operation({ op: 'removed', field: 'body', paragraph: unit.paragraph, before: excerpt(unit.text, MAX_TEXT) });
        break;
      }
      case 'edited': {
        const was = before[op.a] as SentenceUnit;
        const is = after[op.b] as SentenceUnit;
        fields.add('body');
        if (op.trivial) break;
        trivialOnly = false;
        sentences.edited++;
        const facts = op.words ? wordEditFacts(op.words) : undefined;
        words.added += facts?.added ?? countWords(is.text);
        words.removed += facts?.removed ?? countWords(was.text);
        touch(is.paragraph, is.note ?? was.note);
        operation({ op: 'edited', field: 'body', paragraph: is.paragraph, before: excerpt(was.text, MAX_TEXT), after: excerpt(is.text, MAX_TEXT) });
        const note = is.note ?? was.note;
        for (const kind of noteKinds(note)) kinds.add(kind);
        if (is.note) explained = true;
        if (facts?.spelling) {
          kinds.add('spelling');
          break;
        }
        spellingOnly = false;
        const figures = facts ? facts.figures : figureListChange(was.text, is.text);
        for (const { before: b, after: a } of figures) figure(b, a, is.text);
        if (note) break;
        if (figures.length > 0) {
          substantive = true;
          substantiveReasons.add(figures.length === 1 ? 'a figure changed' : `${figures.length} figures changed`);
        }
        if (hasQuote(was.text) || hasQuote(is.text)) quote = true;
        break;
      }
      case 'moved-to': {
        const unit = after[op.b] as SentenceUnit;
        const from = before[op.a] as SentenceUnit;
        trivialOnly = false;
        spellingOnly = false;
        sentences.moved++;
        fields.add('body');
        kinds.add('moved');
        const tally = movedParagraphs.get(from.paragraph) ?? { moved: 0, total: 0 };
        tally.moved++;
        movedParagraphs.set(from.paragraph, tally);
        operation({ op: 'moved', field: 'body', paragraph: unit.paragraph, after: excerpt(unit.text, MAX_TEXT) });
        break;
      }
      case 'moved-from':
        break;
    }
  }
  for (const unit of before) {
    const tally = movedParagraphs.get(unit.paragraph);
    if (tally) tally.total++;
  }
  const paragraphsMoved = [...movedParagraphs.values()].filter((tally) => tally.moved === tally.total).length;
  // A paragraph counts as added (removed) only when none of its sentences were kept.
  const keptB = new Set<number>();
  const keptA = new Set<number>();
  for (const op of alignment.ops) {
    if (op.op === 'equal' || op.op === 'edited' || op.op === 'moved-to') keptB.add((after[op.b] as SentenceUnit).paragraph);
    if (op.op === 'equal' || op.op === 'edited' || op.op === 'moved-from') keptA.add((before[op.a] as SentenceUnit).paragraph);
  }
  paragraphsAdded = new Set([...paragraphsAdded].filter((p) => !keptB.has(p)));
  paragraphsRemoved = new Set([...paragraphsRemoved].filter((p) => !keptA.has(p)));

  const paragraphWords = new Map<string, number>();
  const totalWords = Math.max(1, documentWords(previous, paragraphWords) + documentWords(next, paragraphWords));
  const share = Math.min(1, (words.added + words.removed) / totalWords);
  if (quote) {
    kinds.add('quote');
    substantive = true;
    substantiveReasons.add('quoted speech changed');
  }
  if (share >= REWRITE_SHARE) kinds.add('rewrite');
  if (share >= LARGE_SHARE) {
    substantive = true;
    substantiveReasons.add(`${Math.round(share * 100)} % of the words changed`);
  }
  if (numbers.length > 0) kinds.add('number');

  const reasons: string[] = [];
  let significance: number;
  const onlyTimestamp = alignment.fields.every((change) => change.field === 'updated') && alignment.ops.every((op) => op.op === 'equal') && !alignment.layoutChanged;
  if (onlyTimestamp) {
    kinds.add('timestamp');
    significance = 0.01;
    reasons.push('only the version timestamp changed');
  } else if (trivialOnly) {
    kinds.clear();
    kinds.add('trivial');
    if (alignment.layoutChanged) fields.add('body');
    significance = 0.02;
    reasons.push(alignment.layoutChanged && alignment.ops.every((op) => op.op === 'equal') ? 'only paragraph breaks changed' : 'only case, punctuation, quote style or spacing changed');
  } else if (spellingOnly) {
    kinds.add('spelling');
    significance = 0.05;
    reasons.push('a spelling fix');
    substantive = false;
  } else {
    significance = share;
    if (share > 0) reasons.push(`${Math.round(share * 100)} % of the words changed`);
    if (numbers.length > 0) {
      significance += 0.3;
      const shown = numbers.slice(0, 3).map((n) => `${n.before ?? '∅'} → ${n.after ?? '∅'}`);
      reasons.push(`figure${numbers.length > 1 ? 's' : ''} changed: ${shown.join(', ')}${numbers.length > 3 ? ', …' : ''}`);
    }
    if (headlineChanged) {
      significance += 0.2;
      reasons.push('headline rewritten');
    }
    if (quote) {
      significance += 0.15;
      reasons.push('quoted speech added, removed or edited');
    }
    if (kinds.has('correction-note')) {
      significance += 0.2;
      reasons.push('correction note added or changed');
    }
    if (kinds.has('update-note')) {
      significance += 0.1;
      reasons.push('update note added or changed');
    }
    if (kinds.has('moved')) {
      significance += 0.05;
      reasons.push(`${sentences.moved} sentence${sentences.moved > 1 ? 's' : ''} moved`);
    }
    if (kinds.has('rewrite')) significance = Math.max(significance, 0.8);
    if (substantive && !explained) {
      significance += 0.1;
      reasons.push(`stealth: ${[...substantiveReasons].join('; ')}, with no update or correction note`);
    }
  }
  const stealth = substantive && !explained && !trivialOnly && !onlyTimestamp;

  return {
    kinds: orderKinds(kinds),
    stealth,
    significance: Math.round(Math.min(1, Math.max(0, significance)) * 100) / 100,
    reasons,
    fields: ['headline', 'byline', 'dek', 'updated', 'body'].filter((field) => fields.has(field)),
    numbers,
    sentences,
    words,
    paragraphs: { added: paragraphsAdded.size, removed: paragraphsRemoved.size, moved: paragraphsMoved },
    ...(operations.length > 0 ? { operations } : {}),
    ...(operationsOmitted > 0 ? { operationsOmitted } : {}),
  };
}

const KIND_ORDER: ChangeKind[] = ['first-version', 'headline', 'byline', 'dek', 'lede', 'body', 'number', 'quote', 'update-note', 'correction-note', 'moved', 'spelling', 'trivial', 'rewrite', 'timestamp', 'unchanged'];

function orderKinds(kinds: Set<ChangeKind>): ChangeKind[] {
  return KIND_ORDER.filter((kind) => kinds.has(kind));
}

function fieldOperation(change: FieldChange): SentenceOperation {
  const op = change.before === undefined ? 'added' : change.after === undefined ? 'removed' : 'edited';
  return {
    op,
    field: change.field,
    paragraph: 0,
    ...(change.before !== undefined ? { before: excerpt(change.before, MAX_TEXT) } : {}),
    ...(change.after !== undefined ? { after: excerpt(change.after, MAX_TEXT) } : {}),
  };
}

/** Figures of two sentences that could not be word-diffed: those not on both sides, paired in order. */
function figureListChange(before: string, after: string): { before: string | null; after: string | null }[] {
  const was = tokenize(before).filter(isFigure);
  const is = tokenize(after).filter(isFigure);
  const remaining = [...is];
  const gone = was.filter((figure) => {
    const index = remaining.indexOf(figure);
    if (index < 0) return true;
    remaining.splice(index, 1);
    return false;
  });
  const changes: { before: string | null; after: string | null }[] = [];
  for (let i = 0; i < Math.max(gone.length, remaining.length); i++) changes.push({ before: gone[i] ?? null, after: remaining[i] ?? null });
  return changes;
}
