// The evaluation on the openly licensed pairs that ship in the repository (test/eval/corpus/): the
// same scorer `npm run eval` uses, so a verdict that gets worse on real text fails CI. The larger
// corpus of newsroom text that cannot be redistributed is scored with REDLINE_EVAL_CORPUS.
import { describe, expect, it } from 'vitest';
import { IN_REPO_CORPUS, loadCorpus } from './corpus.ts';
import { evalLine, precision, scorePairs } from './score.ts';

describe('Evaluation: the openly licensed corpus in the repository', () => {
  const pairs = loadCorpus([IN_REPO_CORPUS]);
  const scores = scorePairs(pairs);

  it('reads every labelled pair and normalizes both revisions', () => {
    // Assess
    expect(pairs.length).toBeGreaterThanOrEqual(15);
    expect(scores.outcomes.filter((outcome) => outcome.error)).toEqual([]);
  });

  it('calls no furniture-only or capture-noise pair substantive or stealth', () => {
    // Assess
    const wronglySubstantive = scores.outcomes.filter((o) => !o.pair.labels.substantive && o.summary?.substantive).map((o) => o.pair.id);
    expect(wronglySubstantive).toEqual([]);
    expect(scores.furnitureSubstantive).toBe(0);
    expect(precision(scores.stealth)).toBe(1);
  });

  it('ends with the one-line summary npm run eval prints', () => {
    // Assess
    expect(evalLine(scores)).toMatch(/^eval: \d+ pairs, \d+ sources, \d+ languages; stealth P=\d\.\d\d R=\d\.\d\d; figures F1=\d\.\d\d; notes F1=\d\.\d\d; quotes P=\d\.\d\d$/);
  });
});
