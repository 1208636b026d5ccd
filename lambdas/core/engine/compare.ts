// Compares two story documents and summarizes the change for auditors.
import { diffArrays } from 'diff';
import { renderCanonical } from './canonical.ts';
import { makePatch } from './patch.ts';
import type { ChangeKind, ChangeSummary, NumberChange, RevisionChange, StoryDocument } from './types.ts';

const EMPTY_DOCUMENT: StoryDocument = { headline: '', body: [] };
const UPDATE_NOTE = /^(update[sd]?\b|updated:)/i;
const CORRECTION_NOTE = /^(correction:|an earlier version of this (story|article))/i;
const FIGURE = /\d[\d,.]*/g;

function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

export function compareDocuments(previous: StoryDocument | undefined, next: StoryDocument): RevisionChange {
  const before = previous ?? EMPTY_DOCUMENT;
  const patch = makePatch(previous ? renderCanonical(before) : '', renderCanonical(next));
  const kinds = new Set<ChangeKind>();
  const fields: string[] = [];
  for (const field of ['headline', 'byline', 'dek'] as const) {
    if ((before[field] ?? '') !== (next[field] ?? '')) fields.push(field);
  }
  let added = 0;
  let removed = 0;
  let wordsAdded = 0;
  let wordsRemoved = 0;
  const addedParagraphs: string[] = [];
  const removedParagraphs: string[] = [];
  for (const part of diffArrays([...before.body], [...next.body])) {
    if (part.added) {
      added += part.value.length;
      addedParagraphs.push(...part.value);
      wordsAdded += part.value.reduce((sum, p) => sum + wordCount(p), 0);
    } else if (part.removed) {
      removed += part.value.length;
      removedParagraphs.push(...part.value);
      wordsRemoved += part.value.reduce((sum, p) => sum + wordCount(p), 0);
    }
  }
  if (added + removed > 0) fields.push('body');
  const numbers: NumberChange[] = [];
  const figuresBefore = removedParagraphs.flatMap((p) => p.match(FIGURE) ?? []);
  const figuresAfter = addedParagraphs.flatMap((p) => p.match(FIGURE) ?? []);
  for (let i = 0; i < Math.max(figuresBefore.length, figuresAfter.length); i++) {
    const b = figuresBefore[i] ?? null;
    const a = figuresAfter[i] ?? null;
    if (b !== a) numbers.push({ before: b, after: a, context: addedParagraphs[0] ?? removedParagraphs[0] ?? '' });
  }
  const notes = addedParagraphs.some((p) => UPDATE_NOTE.test(p)) || addedParagraphs.some((p) => CORRECTION_NOTE.test(p));
  if (!previous) kinds.add('first-version');
  else {
    for (const field of fields) kinds.add(field as ChangeKind);
    if (numbers.length > 0) kinds.add('number');
    if (addedParagraphs.some((p) => UPDATE_NOTE.test(p))) kinds.add('update-note');
    if (addedParagraphs.some((p) => CORRECTION_NOTE.test(p))) kinds.add('correction-note');
    if (fields.length === 0) kinds.add('unchanged');
  }
  const totalWords = Math.max(1, before.body.reduce((sum, p) => sum + wordCount(p), 0));
  const significance = previous ? Math.min(1, (wordsAdded + wordsRemoved) / (2 * totalWords) + (numbers.length > 0 ? 0.3 : 0)) : 1;
  const substantive = previous !== undefined && (numbers.length > 0 || fields.includes('headline'));
  const summary: ChangeSummary = {
    kinds: [...kinds],
    stealth: substantive && !notes,
    significance: Math.round(significance * 100) / 100,
    reasons: numbers.length > 0 ? ['a figure changed'] : [],
    fields,
    numbers,
    sentences: { added, removed, edited: 0, moved: 0 },
    words: { added: wordsAdded, removed: wordsRemoved },
  };
  return { summary, patch };
}
