/**
 * Extracts candidate revision pairs of DER SPIEGEL RSS items (title + teaser) from the git-scraping
 * repository AgricolaJKB/spiegel-morse (file public/headlines.json: the items of
 * https://www.spiegel.de/schlagzeilen/tops/index.rss, committed every ~2 hours since 2022).
 *
 *   node --import tsx test/eval/tools/spiegel-rss-pairs.ts --git-dir /work/.mirror/AgricolaJKB+spiegel-morse/repo \
 *     --out /work/eval-corpus/spiegel-rss [--per-stratum 5] [--per-first-last 2] [--locale-figures 0] [--since 2025-01-01]
 *
 * Ordinary newsroom copyright: the output goes OUTSIDE the repository. Each item is converted to ninjs:
 * headline = title, body_html = description (as given), versioncreated = pubDate as ISO time, uri = link.
 * Selection (decided before reading any pair; see SOURCE.md written next to the pairs): every consecutive pair
 * of distinct versions, plus first-vs-last when an item has 3+ versions, sorted into strata by surface features
 * only; from each stratum the first --per-stratum by a stable hash order. pair.json gets provenance and
 * null labels: labels are set afterwards by a person reading the two texts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgs, cliCount, cliGitDir, commitsTouching, GERMAN_FEATURES, itemHistories, localeFigureSupplement, selectCandidates, stableRank, type ItemVersion } from './gitscrape-history.js';

interface SpiegelItem { title: string; link: string; description: string; guid: string; pubDate: string }

const { values } = cliArgs(() => parseArgs({
  options: {
    'git-dir': { type: 'string' },
    out: { type: 'string' },
    path: { type: 'string', default: 'public/headlines.json' },
    'per-stratum': { type: 'string', default: '5' },
    'per-first-last': { type: 'string', default: '2' },
    since: { type: 'string', default: '2000-01-01' },
    'locale-figures': { type: 'string', default: '0' },
  },
}));
if (!values['git-dir'] || !values.out) {
  console.error('usage: spiegel-rss-pairs.ts --git-dir <bare repo> --out <dir> [--per-stratum N] [--since YYYY-MM-DD]');
  process.exit(2);
}
const gitDir = cliGitDir(values['git-dir']);
const perStratum = cliCount('per-stratum', values['per-stratum']);
const perFirstLast = cliCount('per-first-last', values['per-first-last']);
const localeFigures = cliCount('locale-figures', values['locale-figures']);
if (!/^\d{4}-\d{2}-\d{2}$/.test(values.since ?? '')) {
  console.error(`--since must be a date YYYY-MM-DD, got ${JSON.stringify(values.since)}`);
  process.exit(2);
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const parse = (raw: string): SpiegelItem[] =>
  (JSON.parse(raw) as Record<string, unknown>[]).map((i) => ({
    title: text(i.title), link: text(i.link), description: text(i.description), guid: text(i.guid), pubDate: text(i.pubDate),
  })).filter((i) => i.title.trim() !== ''); // a captured item without a title is a broken capture, not a version

const isoTime = (rfc822: string): string => {
  const d = new Date(rfc822);
  return Number.isNaN(d.getTime()) ? rfc822 : d.toISOString();
};
const toNinjs = (v: ItemVersion<SpiegelItem>) => ({
  uri: v.item.link,
  headline: v.item.title,
  body_html: v.item.description,
  versioncreated: isoTime(v.item.pubDate),
});

const commits = commitsTouching(gitDir, values.path).filter((c) => c.time >= values.since!);
// Versions are told apart on what the ninjs carries: a pubDate re-written in another format is not a new version.
const fingerprint = (i: SpiegelItem) => JSON.stringify([i.title, i.description, isoTime(i.pubDate)]);
const histories = await itemHistories(gitDir, values.path, parse, (i) => i.guid || i.link, fingerprint, commits);
const story = (i: SpiegelItem) => `${i.title}\n${i.description}`;
const chosen = selectCandidates(histories, story, fingerprint, GERMAN_FEATURES, perStratum, perFirstLast);

// Supplement (--locale-figures N, written in SOURCE.md before reading): see localeFigureSupplement.
const supplement = localeFigureSupplement(histories, story, fingerprint, GERMAN_FEATURES, chosen, localeFigures);
if (supplement.length > 0) console.log(`supplement/locale-figure: ${supplement.length} chosen`);
chosen.push(...supplement);

for (const c of chosen) {
  const pairId = `${/^[0-9a-f]{8}-/.test(c.id) ? c.id.slice(0, 8) : stableRank(c.id).slice(0, 8)}-v${c.vb}-v${c.va}`;
  const dir = join(values.out, pairId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'before.json'), `${JSON.stringify(toNinjs(c.before), null, 2)}\n`);
  writeFileSync(join(dir, 'after.json'), `${JSON.stringify(toNinjs(c.after), null, 2)}\n`);
  writeFileSync(join(dir, 'candidate.json'), `${JSON.stringify({
    id: `spiegel-rss/${pairId}`,
    source: 'spiegel-rss',
    language: 'de',
    stratum: c.stratum,
    provenance: {
      repository: 'AgricolaJKB/spiegel-morse',
      path: values.path,
      before: c.before.commit.sha,
      after: c.after.commit.sha,
      beforeCommitTime: c.before.commit.time,
      afterCommitTime: c.after.commit.time,
      url: c.after.item.link,
    },
  }, null, 2)}\n`);
}
console.log(`${chosen.length} pairs written to ${values.out}`);
