// Compares two story documents and summarizes the change in auditors' terms: a facts pass over the
// alignment (facts.ts), then a table of rules (rules.ts) for kinds, stealth and significance.
import { alignDocuments } from './align.ts';
import { canonicalLines, renderCanonical } from './canonical.ts';
import { gatherFacts } from './facts.ts';
import { makeLinePatch, makePatch } from './patch.ts';
import { judge } from './rules.ts';
import { countWords, splitSentences } from './text.ts';
import type { ChangeSummary, RevisionChange, RevisionFormat, StoryDocument } from './types.ts';

export interface CompareOptions {
  /** Formats the two versions were uploaded in; when they differ the comparison says so. */
  readonly previousFormat?: RevisionFormat;
  readonly nextFormat?: RevisionFormat;
}

export function compareDocuments(previous: StoryDocument | undefined, next: StoryDocument, options: CompareOptions = {}): RevisionChange {
  if (!previous) return { summary: firstVersionSummary(next), patch: makePatch('', renderCanonical(next)) };
  const previousLines = canonicalLines(previous);
  const nextLines = canonicalLines(next);
  if (sameLines(previousLines, nextLines)) {
    const length = previousLines.reduce((sum, line) => sum + line.length + 1, -1);
    return { summary: unchangedSummary(), patch: length > 0 ? [length] : [] };
  }
  const patch = makeLinePatch(previousLines, nextLines);
  const formatChanged = options.previousFormat !== undefined && options.nextFormat !== undefined && options.previousFormat !== options.nextFormat;
  const facts = gatherFacts(alignDocuments(previous, next), previous, next, { formatChanged });
  const summary: ChangeSummary = {
    ...judge(facts),
    fields: ['headline', 'byline', 'dek', 'updated', 'body', 'caption', 'furniture'].filter((field) => facts.fields.has(field)),
    numbers: facts.figures,
    sentences: facts.sentences,
    words: facts.words,
    paragraphs: facts.paragraphs,
    ...(facts.notes.length > 0 ? { notes: facts.notes } : {}),
    ...(facts.quotes.length > 0 ? { quotes: facts.quotes } : {}),
    ...(facts.headline !== undefined ? { headlineChange: facts.headline } : {}),
    ...(formatChanged ? { formatChanged: true } : {}),
    ...(facts.operations.length > 0 ? { operations: facts.operations } : {}),
    ...(facts.operationsOmitted > 0 ? { operationsOmitted: facts.operationsOmitted } : {}),
  };
  return { summary, patch };
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
