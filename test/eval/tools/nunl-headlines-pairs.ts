/**
 * Extracts candidate revision pairs of NU.nl article headlines from the git-scraping repository
 * lassebenni/git-scraper-nu-nl (file headlines.json: the 100 latest articles of NU.nl's own article-list JSON,
 * committed hourly from 2022-07-31 to 2024-03-12).
 *
 *   node --import tsx test/eval/tools/nunl-headlines-pairs.ts --git-dir /work/.mirror/lassebenni+git-scraper-nu-nl/repo \
 *     --out /work/eval-corpus/nunl-headlines [--per-stratum 5] [--per-first-last 2] [--locale-figures 0]
 *
 * Ordinary newsroom copyright: the output goes OUTSIDE the repository. The feed carries no body text, so each
 * item becomes ninjs with headline = title, body_html = subtitle or "" (the feed's subtitle is almost always
 * null), versioncreated = updated_at, uri = the article URL. Selection: see spiegel-rss-pairs.ts (same rule,
 * Dutch surface features). pair.json is written later by a person reading the two texts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cliArgs, cliCount, cliGitDir, itemHistories, localeFigureSupplement, selectCandidates, type ItemVersion, type SurfaceFeatures } from './gitscrape-history.js';

interface NuItem { id: string; title: string; subtitle: string; updatedAt: string; url: string }

const { values } = cliArgs(() => parseArgs({
  options: {
    'git-dir': { type: 'string' },
    out: { type: 'string' },
    path: { type: 'string', default: 'headlines.json' },
    'per-stratum': { type: 'string', default: '5' },
    'per-first-last': { type: 'string', default: '2' },
    'locale-figures': { type: 'string', default: '0' },
  },
}));
if (!values['git-dir'] || !values.out) {
  console.error('usage: nunl-headlines-pairs.ts --git-dir <bare repo> --out <dir> [--per-stratum N] [--per-first-last N]');
  process.exit(2);
}

const gitDir = cliGitDir(values['git-dir']);
const perStratum = cliCount('per-stratum', values['per-stratum']);
const perFirstLast = cliCount('per-first-last', values['per-first-last']);
const localeFigures = cliCount('locale-figures', values['locale-figures']);

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const parse = (raw: string): NuItem[] =>
  (JSON.parse(raw) as Record<string, unknown>[])
    .filter((i) => i && i.type === 'article')
    .map((i) => ({ id: text(i.id), title: text(i.title), subtitle: text(i.subtitle), updatedAt: text(i.updated_at), url: text(i.url) }));

const toNinjs = (v: ItemVersion<NuItem>) => ({
  uri: `https://www.nu.nl${v.item.url}`,
  headline: v.item.title,
  body_html: v.item.subtitle,
  versioncreated: v.item.updatedAt,
});

const DUTCH: SurfaceFeatures = {
  note: /(\b(update|correctie|rectificatie|verduidelijking|naschrift)\s*(\d+\s*)?:|\bin een eerdere versie|\bnoot van de redactie|\bis (later )?(aangepast|gecorrigeerd|bijgewerkt))/i,
  number: /\d+(?:[.,]\d+)*|\b(?:twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|twintig|dertig|honderd|honderden|duizend|duizenden|miljoen|miljard|dozijn|helft|dubbel)\b/,
  quoted: /(?<![A-Za-z])['‘"„“][^'‘’"„“”]{1,300}['’"”](?![A-Za-z])/,
};

const fingerprint = (i: NuItem) => JSON.stringify([i.title, i.subtitle, i.updatedAt]);
const histories = await itemHistories(gitDir, values.path, parse, (i) => i.id, fingerprint);
const story = (i: NuItem) => `${i.title}\n${i.subtitle}`;
const chosen = selectCandidates(histories, story, fingerprint, DUTCH, perStratum, perFirstLast);
const supplement = localeFigureSupplement(histories, story, fingerprint, DUTCH, chosen, localeFigures);
if (supplement.length > 0) console.log(`supplement/locale-figure: ${supplement.length} chosen`);
chosen.push(...supplement);

for (const c of chosen) {
  const pairId = `${c.id}-v${c.vb}-v${c.va}`;
  const dir = join(values.out, pairId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'before.json'), `${JSON.stringify(toNinjs(c.before), null, 2)}\n`);
  writeFileSync(join(dir, 'after.json'), `${JSON.stringify(toNinjs(c.after), null, 2)}\n`);
  writeFileSync(join(dir, 'candidate.json'), `${JSON.stringify({
    id: `nunl-headlines/${pairId}`,
    source: 'nunl-headlines',
    language: 'nl',
    stratum: c.stratum,
    provenance: {
      repository: 'lassebenni/git-scraper-nu-nl',
      path: values.path,
      before: c.before.commit.sha,
      after: c.after.commit.sha,
      beforeCommitTime: c.before.commit.time,
      afterCommitTime: c.after.commit.time,
      url: `https://www.nu.nl${c.after.item.url}`,
    },
  }, null, 2)}\n`);
}
console.log(`${chosen.length} pairs written to ${values.out}`);
