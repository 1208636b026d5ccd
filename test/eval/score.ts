// Scores the engine's verdicts on labelled pairs: per-label precision, recall and F1.
import { compareDocuments, normalizeRevision, type ChangeSummary } from '../../lambdas/core/engine/index.ts';
import { RevisionRejectedError } from '../../lambdas/core/errors.ts';
import type { FigureLabel, LabelledPair } from './corpus.ts';

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export interface PairOutcome {
  readonly pair: LabelledPair;
  readonly summary?: ChangeSummary;
  readonly error?: string;
  readonly figures: { readonly predicted: FigureLabel[]; readonly matched: number };
  readonly wrong: string[];
}

export interface Scores {
  readonly pairs: number;
  readonly sources: number;
  readonly languages: number;
  readonly stealth: Tally;
  readonly substantive: Tally;
  readonly figures: Tally;
  readonly notes: Tally;
  readonly quotes: Tally;
  readonly moved: Tally;
  /** Furniture-only pairs the engine called substantive (target 0). */
  readonly furnitureSubstantive: number;
  readonly furnitureOnly: number;
  readonly outcomes: PairOutcome[];
}

const tally = (): Tally => ({ tp: 0, fp: 0, fn: 0 });
const count = (t: Tally, predicted: boolean, actual: boolean) => {
  if (predicted && actual) t.tp++;
  else if (predicted) t.fp++;
  else if (actual) t.fn++;
};
export const precision = (t: Tally) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
export const recall = (t: Tally) => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));
export const f1 = (t: Tally) => {
  const [p, r] = [precision(t), recall(t)];
  return p + r === 0 ? 0 : (2 * p * r) / (p + r);
};

const sameValue = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));

/**
 * The distinct value pairs of a list: a figure change is its (before, after) values. The labelling guide
 * does not say whether a figure repeated in headline and teaser is one change or two, and labellers
 * differed (English pairs list it once, some German pairs once per occurrence); the engine lists a value
 * pair once. Scoring distinct pairs on both sides counts the change, not how often the text repeats it.
 */
export function distinctFigures(list: readonly FigureLabel[]): FigureLabel[] {
  const kept: FigureLabel[] = [];
  for (const figure of list) if (!kept.some((k) => sameValue(k.before, figure.before) && sameValue(k.after, figure.after))) kept.push(figure);
  return kept;
}

/** Matches predicted figure changes to labelled ones as value pairs (each used once). */
function matchFigures(predicted: readonly FigureLabel[], labelled: readonly FigureLabel[]): number {
  const left = [...labelled];
  let matched = 0;
  for (const figure of predicted) {
    const index = left.findIndex((label) => sameValue(label.before, figure.before) && sameValue(label.after, figure.after));
    if (index >= 0) {
      left.splice(index, 1);
      matched++;
    }
  }
  return matched;
}

/** True when the summary calls the revision substantive: stealth, or disclosed with a substantive kind. */
export function isSubstantive(summary: ChangeSummary): boolean {
  return summary.substantive ?? summary.stealth;
}

export function scorePairs(pairs: readonly LabelledPair[]): Scores {
  const scores = {
    pairs: pairs.length,
    sources: new Set(pairs.map((pair) => pair.source)).size,
    languages: new Set(pairs.map((pair) => pair.language)).size,
    stealth: tally(),
    substantive: tally(),
    figures: tally(),
    notes: tally(),
    quotes: tally(),
    moved: tally(),
    furnitureSubstantive: 0,
    furnitureOnly: 0,
    outcomes: [] as PairOutcome[],
  };
  for (const pair of pairs) {
    const labels = pair.labels;
    let summary: ChangeSummary | undefined;
    let error: string | undefined;
    try {
      const before = normalizeRevision(pair.before.bytes, pair.before.format);
      const after = normalizeRevision(pair.after.bytes, pair.after.format);
      summary = compareDocuments(before, after, { previousFormat: pair.before.format, nextFormat: pair.after.format }).summary;
    } catch (caught) {
      error = caught instanceof RevisionRejectedError ? `rejected (${caught.code}): ${caught.message}` : String(caught);
    }
    const stealth = summary?.stealth ?? false;
    const substantive = summary ? isSubstantive(summary) : false;
    const predictedFigures = distinctFigures((summary?.numbers ?? []).map((n) => ({ before: n.beforeValue ?? null, after: n.afterValue ?? null, context: n.context })));
    const labelledFigures = distinctFigures(labels.figures);
    const matched = matchFigures(predictedFigures, labelledFigures);
    const noteAdded = summary?.notes?.some((note) => note.op !== 'removed') ?? false;
    const noteRemoved = summary?.notes?.some((note) => note.op === 'removed') ?? false;
    const quote = (summary?.quotes?.length ?? 0) > 0;
    const moved = (summary?.sentences.moved ?? 0) > 0;
    count(scores.stealth, stealth, labels.stealth);
    count(scores.substantive, substantive, labels.substantive);
    scores.figures.tp += matched;
    scores.figures.fp += predictedFigures.length - matched;
    scores.figures.fn += labelledFigures.length - matched;
    count(scores.notes, noteAdded, labels.noteAdded);
    count(scores.notes, noteRemoved, labels.noteRemoved);
    count(scores.quotes, quote, labels.quoteChanged);
    count(scores.moved, moved, labels.moved);
    if (labels.furnitureOnly) {
      scores.furnitureOnly++;
      if (substantive) scores.furnitureSubstantive++;
    }
    const wrong: string[] = [];
    if (error) wrong.push(`error: ${error}`);
    if (stealth !== labels.stealth) wrong.push(`stealth ${stealth} (label ${labels.stealth})`);
    if (substantive !== labels.substantive) wrong.push(`substantive ${substantive} (label ${labels.substantive})`);
    if (matched !== predictedFigures.length || matched !== labelledFigures.length) wrong.push('figures');
    if (noteAdded !== labels.noteAdded) wrong.push(`noteAdded ${noteAdded}`);
    if (noteRemoved !== labels.noteRemoved) wrong.push(`noteRemoved ${noteRemoved}`);
    if (quote !== labels.quoteChanged) wrong.push(`quote ${quote}`);
    if (moved !== labels.moved) wrong.push(`moved ${moved}`);
    scores.outcomes.push({ pair, ...(summary ? { summary } : {}), ...(error ? { error } : {}), figures: { predicted: predictedFigures, matched }, wrong });
  }
  return scores;
}

const fmt = (value: number) => value.toFixed(2);

/** The one closing line `npm run eval` ends with. */
export function evalLine(scores: Scores): string {
  return `eval: ${scores.pairs} pairs, ${scores.sources} sources, ${scores.languages} languages; stealth P=${fmt(precision(scores.stealth))} R=${fmt(recall(scores.stealth))}; figures F1=${fmt(f1(scores.figures))}; notes F1=${fmt(f1(scores.notes))}; quotes P=${fmt(precision(scores.quotes))}`;
}
