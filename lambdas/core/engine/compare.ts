// Compares two story documents and summarizes the change in auditors' terms: a facts pass over the
// alignment (facts.ts), then a table of rules (rules.ts) for kinds, stealth and significance.
import { alignDocuments } from './align.ts';
import { canonicalLines, renderCanonical } from './canonical.ts';
import { gatherFacts } from './facts.ts';
import { makeLinePatch, makePatch } from './patch.ts';
import { WorkBudgetExceededError } from '../errors.ts';
import { judge } from './rules.ts';
import { countWords, splitSentences } from './text.ts';
import type { ChangeSummary, RevisionChange, RevisionFormat, StoryDocument } from './types.ts';

export interface CompareOptions {
  /** Formats the two versions were uploaded in; when they differ the comparison says so. */
  readonly previousFormat?: RevisionFormat;
  readonly nextFormat?: RevisionFormat;
  /** Work units this comparison may take (see WORK_UNITS); none given, no limit. */
  readonly workBudget?: number;
}

/**
 * The engine's work, in units it can count before spending them: characters of both canonical
 * texts. Every step that could grow faster than the text is already capped and degrades instead —
 * Myers explores at most `maxEdits` per anchor-free gap (sequence.ts), word alignment gives up past
 * 600 tokens or 80 edits a pair, pairing looks less far ahead in long stretches (align.ts), more than
 * 400 sentences added or removed make a rewrite whose figures are not read (facts.ts), quotes and
 * figures are paired through indexes — so the degraded comparison's time and memory grow with these
 * units, and a comparison over its budget would be too slow even degraded. Deterministic: the same
 * bytes exhaust the same budget on every retry.
 */
export const WORK_UNITS = 'characters of both canonical texts';
/**
 * The default budget: 12 Mi units. Measured (markdown, normalization included, one comparison per
 * process, 2 shared cores at load ~6): 6 MB a side (12.0 M units) 3.6–5.9 s, peak RSS ≤ 351 MB;
 * 8 MB a side (15.9 M) 12.8–17.0 s; 12 MB a side (23.9 M) up to 53 s. Two uploads of the default
 * maximum (5 MiB each, ~10.5 M units) always fit; it refuses what only a raised
 * REDLINE_MAX_REVISION_BYTES could bring.
 */
export const DEFAULT_WORK_BUDGET = 12 * 1024 * 1024;

function linesLength(lines: readonly string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}

/** Throws WorkBudgetExceededError before any work when the comparison's units exceed the budget. */
function spendBudget(previousLines: readonly string[], nextLines: readonly string[], budget: number | undefined): void {
  if (budget === undefined) return;
  const units = linesLength(previousLines) + linesLength(nextLines);
  if (units > budget) throw new WorkBudgetExceededError(budget, `comparing ${units} ${WORK_UNITS} needs more than the work budget of ${budget}`);
}

export function compareDocuments(previous: StoryDocument | undefined, next: StoryDocument, options: CompareOptions = {}): RevisionChange {
  if (!previous) {
    if (options.workBudget !== undefined) spendBudget([], canonicalLines(next), options.workBudget);
    return { summary: firstVersionSummary(next), patch: makePatch('', renderCanonical(next)) };
  }
  const previousLines = canonicalLines(previous);
  const nextLines = canonicalLines(next);
  spendBudget(previousLines, nextLines, options.workBudget);
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
