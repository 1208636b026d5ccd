// `npm run eval`: Redline's verdicts against hand-set labels on real newsroom revision pairs.
// Reads test/eval/corpus/ (openly licensed pairs) and every folder in REDLINE_EVAL_CORPUS.
// `npm run eval -- --verbose` lists each pair the engine got wrong and why; `--source NAME` filters.
import { parseArgs } from 'node:util';
import { corpusRoots, loadCorpus } from './corpus.ts';
import { evalLine, f1, precision, recall, scorePairs, type Tally } from './score.ts';

const { values } = parseArgs({ options: { verbose: { type: 'boolean', default: false }, source: { type: 'string' } } });
const roots = corpusRoots();
const pairs = loadCorpus(roots).filter((pair) => !values.source || pair.source === values.source);
if (pairs.length === 0) {
  console.error(`no labelled pairs under ${roots.join(', ')}`);
  process.exit(2);
}
const scores = scorePairs(pairs);
const row = (name: string, t: Tally) =>
  `${name.padEnd(12)} P=${precision(t).toFixed(2)} R=${recall(t).toFixed(2)} F1=${f1(t).toFixed(2)}   (tp ${t.tp}, fp ${t.fp}, fn ${t.fn})`;
console.log(`corpus: ${roots.join(', ')}`);
const bySource = new Map<string, number>();
for (const pair of pairs) bySource.set(`${pair.source} (${pair.language})`, (bySource.get(`${pair.source} (${pair.language})`) ?? 0) + 1);
for (const [source, n] of bySource) console.log(`  ${source}: ${n} pairs`);
console.log(row('stealth', scores.stealth));
console.log(row('substantive', scores.substantive));
console.log(row('figures', scores.figures));
console.log(row('notes', scores.notes));
console.log(row('quotes', scores.quotes));
console.log(row('moved', scores.moved));
console.log(`furniture-only pairs called substantive: ${scores.furnitureSubstantive} of ${scores.furnitureOnly}`);
if (values.verbose) {
  for (const outcome of scores.outcomes) {
    if (outcome.wrong.length === 0) continue;
    const s = outcome.summary;
    console.log(`\n✗ ${outcome.pair.id}: ${outcome.wrong.join('; ')}`);
    if (s) console.log(`   kinds ${s.kinds.join(',')}; reasons: ${s.reasons.join(' | ')}`);
    if (outcome.wrong.includes('figures')) {
      console.log(`   figures predicted ${JSON.stringify(outcome.figures.predicted.map((f) => [f.before, f.after]))} labelled ${JSON.stringify(outcome.pair.labels.figures.map((f) => [f.before, f.after]))}`);
    }
  }
}
console.log(evalLine(scores));
