/**
 * Extracts candidate revision pairs of German front-page teasers (title + teaser text of each article card) from
 * the git-scraping repository defgsus/frontpage-archive-2026 (docs/snapshots/<publisher>/<page>.json, scraped
 * about hourly; publishers: bild.de, faz.net, fr.de, gmx.net, heise.de, spiegel.de, sueddeutsche.de, welt.de,
 * zeit.de, …).
 *
 *   node --import tsx test/eval/tools/frontpage-teaser-pairs.ts --git-dir /work/.mirror/defgsus+frontpage-archive-2026/repo \
 *     --out /work/eval-corpus/frontpage-teasers [--per-stratum 4] [--per-first-last 2]
 *
 * Ordinary newsroom copyright: output goes OUTSIDE the repository. Each card becomes ninjs
 * {uri: article url, headline: title, body_html: teaser (as given)}; the cards carry no time, so no versioncreated.
 * An item is one article URL on one page file (the same article on two pages can carry two teaser variants at
 * once; those are not revisions). Selection: the shared rule in gitscrape-history.ts (German surface features).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgs, cliCount, cliGitDir, GERMAN_FEATURES, itemHistories, selectCandidates, stableRank, type ItemVersion } from './gitscrape-history.js';

interface Card { title: string; teaser: string; url: string }

const { values } = cliArgs(() => parseArgs({
  options: {
    'git-dir': { type: 'string' },
    out: { type: 'string' },
    'per-stratum': { type: 'string', default: '4' },
    'per-first-last': { type: 'string', default: '2' },
  },
}));
if (!values['git-dir'] || !values.out) {
  console.error('usage: frontpage-teaser-pairs.ts --git-dir <bare repo> --out <dir> [--per-stratum N] [--per-first-last N]');
  process.exit(2);
}
const gitDir = cliGitDir(values['git-dir']);
const perStratum = cliCount('per-stratum', values['per-stratum']);
const perFirstLast = cliCount('per-first-last', values['per-first-last']);

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
// A page can show several cards for one URL (a big and a small teaser); only the first card of a URL in a
// capture counts, otherwise two simultaneous cards would look like revisions of each other.
const parse = (raw: string): Card[] => {
  const seen = new Set<string>();
  return ((JSON.parse(raw) as { articles?: Record<string, unknown>[] }).articles ?? [])
    .map((a) => ({ title: text(a.title), teaser: text(a.teaser), url: text(a.url) }))
    .filter((a) => a.url !== '' && a.title.trim() !== '' && !seen.has(a.url) && seen.add(a.url));
};
// A card that has a teaser in one capture and none in the other is a layout variant of the page (the scraper
// reads big and small cards), not an edit: such pairs are not admitted.
const sameShape = (a: Card, b: Card) => (a.teaser.trim() === '') === (b.teaser.trim() === '');
const fingerprint = (c: Card) => JSON.stringify([c.title, c.teaser]);

const files = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '--name-only', 'HEAD', 'docs/snapshots'], { encoding: 'utf8' })
  .split('\n').filter((f) => f.endsWith('.json')).sort();
const histories = new Map<string, ItemVersion<Card>[]>();
for (const file of files) {
  const perFile = await itemHistories(gitDir, file, parse, (c) => c.url, fingerprint);
  for (const [url, versions] of perFile) histories.set(`${file}#${url}`, versions);
}
const chosen = selectCandidates(histories, (c) => `${c.title}\n${c.teaser}`, fingerprint, GERMAN_FEATURES,
  perStratum, perFirstLast, console.log, sameShape);

const toNinjs = (v: ItemVersion<Card>) => ({ uri: v.item.url, headline: v.item.title, body_html: v.item.teaser });
for (const c of chosen) {
  const [file = ''] = c.id.split('#');
  const publisher = file.split('/')[2] ?? 'unknown';
  const pairId = `${publisher.replace(/\W+/g, '-')}-${stableRank(c.id).slice(0, 8)}-v${c.vb}-v${c.va}`;
  const dir = join(values.out, pairId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'before.json'), `${JSON.stringify(toNinjs(c.before), null, 2)}\n`);
  writeFileSync(join(dir, 'after.json'), `${JSON.stringify(toNinjs(c.after), null, 2)}\n`);
  writeFileSync(join(dir, 'candidate.json'), `${JSON.stringify({
    id: `frontpage-teasers/${pairId}`,
    source: 'frontpage-teasers',
    language: 'de',
    stratum: c.stratum,
    provenance: {
      repository: 'defgsus/frontpage-archive-2026',
      path: file,
      before: c.before.commit.sha,
      after: c.after.commit.sha,
      beforeCommitTime: c.before.commit.time,
      afterCommitTime: c.after.commit.time,
      url: c.after.item.url,
    },
  }, null, 2)}\n`);
}
console.log(`${chosen.length} pairs written to ${values.out}`);
