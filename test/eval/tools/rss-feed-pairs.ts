/**
 * Extracts candidate revision pairs of English RSS 2.0 feed items from a git-scraping repository (a bare git
 * directory brought here with `fetch`) in which one feed file was committed over and over.
 *
 *   node --import tsx test/eval/tools/rss-feed-pairs.ts --git-dir /work/.mirror/<owner>+<name>/repo \
 *     --repository <owner>/<name> --path npr.xml --source npr-rss --licence "<licence>" \
 *     --out /work/eval-corpus/npr-rss [--per-stratum 8] [--all-of note] [--since 2024-01-01] [--stats]
 *
 * Each item becomes IPTC ninjs, deterministically and without editing the text:
 *   headline = <title>; description_text = <description> as given (when the item has <content:encoded>);
 *   body_html = <content:encoded> when present, else <description>; versioncreated = <pubDate> as ISO time;
 *   byline = <dc:creator> or <author> when present; uri = <link> when present.
 * An item's id is its <guid>, else its <link>, else its <enclosure url>, else its <title>. Two sightings are the
 * same version when the ninjs is identical.
 *
 * Selection (decided before reading any pair; repeated in each SOURCE.md): every consecutive pair of distinct
 * versions, plus first-vs-last when an item has 3+ versions; each candidate is put in a stratum by surface
 * features only (nothing but the timestamp changed; nothing but whitespace changed; note words, digits or
 * number words, quotation marks in the changed text); from each stratum the first --per-stratum by a stable hash
 * order, one pair per item per stratum; strata named in --all-of (e.g. note) are taken whole, to enrich for
 * update/correction notes. A larger --per-stratum draws a superset of a smaller one. Re-running with the same
 * arguments writes the same pairs.
 * pair.json is NOT written here: candidate.json carries the provenance and the stratum, and is replaced by pair.json
 * (labels, rationale, selection.stratum) once a person has read the two texts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue, getChildren, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { commitsTouching, itemHistories, stableRank, type ItemVersion } from './gitscrape-history.js';

export interface FeedItem {
  id: string;
  link: string;
  title: string;
  description: string;
  content: string | null;
  pubDate: string;
  creator: string;
}

export interface Ninjs {
  uri?: string;
  headline: string;
  description_text?: string;
  body_html: string;
  versioncreated?: string;
  byline?: string;
}

const childText = (item: Element, name: string): string => {
  const el = findOne((e) => e.name === name, getChildren(item) as Element[], false);
  return el ? textContent(el).trim() : '';
};

/** The items of one RSS 2.0 document, in feed order. Throws when the text is not an RSS feed. */
export function parseRssItems(xml: string): FeedItem[] {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  if (!findOne((e) => e.name === 'rss' || e.name === 'channel', doc.children, true)) throw new Error('not an RSS document');
  return findAll((e) => e.name === 'item', doc.children).map((item) => {
    const contentEl = findOne((e) => e.name === 'content:encoded', getChildren(item) as Element[], false);
    const link = childText(item, 'link');
    const guid = childText(item, 'guid');
    const enclosureEl = findOne((e) => e.name === 'enclosure', getChildren(item) as Element[], false);
    const enclosure = enclosureEl ? getAttributeValue(enclosureEl, 'url') ?? '' : '';
    return {
      // a feed without guid or link (e.g. a podcast-style feed) is keyed by its enclosure, else its title
      id: guid || link || enclosure || childText(item, 'title'),
      link,
      title: childText(item, 'title'),
      description: childText(item, 'description'),
      content: contentEl ? textContent(contentEl).trim() : null,
      pubDate: childText(item, 'pubDate'),
      creator: childText(item, 'dc:creator') || childText(item, 'author'),
    };
  });
}

export function toNinjs(item: FeedItem): Ninjs {
  const ninjs: Ninjs = { headline: item.title, body_html: item.content ?? item.description };
  if (item.link) ninjs.uri = item.link;
  if (item.content !== null && item.description) ninjs.description_text = item.description;
  const time = new Date(item.pubDate);
  if (item.pubDate && !Number.isNaN(time.getTime())) ninjs.versioncreated = time.toISOString();
  if (item.creator) ninjs.byline = item.creator;
  return ninjs;
}

const NOTE = /\b(update[ds]?|correction|corrected|clarification|editor'?s note|earlier version|previous version|this story has been|this article has been)\b/i;
const NUMBER = /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundred|hundreds|thousand|thousands|million|billion|half|double|twice)\b/i;
const QUOTE = /["“”‘’]/;

/** Words of b that are not in a (a cheap surface measure of what changed, used only for strata). */
function changedText(a: Ninjs, b: Ninjs): string {
  const words = (n: Ninjs) => `${n.headline} ${n.description_text ?? ''} ${n.body_html}`.replace(/<[^>]+>/g, ' ').split(/\s+/);
  const before = new Set(words(a));
  const after = new Set(words(b));
  return [...words(a).filter((w) => !after.has(w)), ...words(b).filter((w) => !before.has(w))].join(' ');
}

export function stratum(a: Ninjs, b: Ninjs): string {
  const { versioncreated: _ta, ...restA } = a;
  const { versioncreated: _tb, ...restB } = b;
  if (JSON.stringify(restA) === JSON.stringify(restB)) return 'timestamp-only';
  const squeeze = (n: object) => JSON.stringify(n).replace(/(\\[rn]|\s)+/g, ' ');
  if (squeeze(restA) === squeeze(restB)) return 'whitespace-only';
  const changed = changedText(a, b);
  if (NOTE.test(changed)) return 'note';
  if (NUMBER.test(changed)) return 'figure';
  if (QUOTE.test(changed)) return 'quote';
  return 'other';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'git-dir': { type: 'string' },
      repository: { type: 'string' },
      path: { type: 'string' },
      source: { type: 'string' },
      licence: { type: 'string' },
      out: { type: 'string' },
      'per-stratum': { type: 'string', default: '8' },
      since: { type: 'string', default: '2000-01-01' },
      'max-words': { type: 'string', default: '1500' },
      'all-of': { type: 'string', default: '' },
      stats: { type: 'boolean', default: false },
    },
  });
  const { 'git-dir': gitDir, repository, path, source, licence, out } = values;
  if (!gitDir || !repository || !path || !source || !licence || (!out && !values.stats)) {
    console.error('usage: rss-feed-pairs.ts --git-dir <bare repo> --repository owner/name --path <feed file> --source <name> --licence <text> --out <dir> [--per-stratum N] [--all-of stratum,...] [--since YYYY-MM-DD] [--max-words N] [--stats]');
    process.exit(2);
  }
  const perStratum = Number(values['per-stratum']);
  const maxWordsArg = Number(values['max-words']);
  for (const [name, n] of [['--per-stratum', perStratum], ['--max-words', maxWordsArg]] as const) {
    if (!Number.isInteger(n) || n < 0) {
      console.error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(values[name.slice(2) as 'per-stratum' | 'max-words'])}`);
      process.exit(2);
    }
  }
  if (!existsSync(join(gitDir, 'HEAD'))) {
    console.error(`--git-dir ${gitDir} is not a git directory (no HEAD); pass the bare repository, e.g. /work/.mirror/<owner>+<name>/repo`);
    process.exit(2);
  }
  const takeAll = new Set(values['all-of']!.split(',').filter(Boolean));
  const maxWords = maxWordsArg;
  const commits = commitsTouching(gitDir, path).filter((c) => c.time >= values.since!);
  const histories = await itemHistories(gitDir, path, parseRssItems, (i) => i.id, (i) => JSON.stringify(toNinjs(i)), commits);

  interface Candidate { id: string; before: ItemVersion<FeedItem>; after: ItemVersion<FeedItem>; vb: number; va: number; stratum: string }
  const wordCount = (i: FeedItem) => toNinjs(i).body_html.replace(/<[^>]+>/g, ' ').split(/\s+/).filter(Boolean).length;
  const candidates: Candidate[] = [];
  for (const [id, versions] of histories) {
    const pair = (i: number, j: number, prefix: string) => {
      const [b, a] = [versions[i]!, versions[j]!];
      if (wordCount(b.item) > maxWords || wordCount(a.item) > maxWords) return;
      candidates.push({ id, before: b, after: a, vb: i + 1, va: j + 1, stratum: `${prefix}${stratum(toNinjs(b.item), toNinjs(a.item))}` });
    };
    for (let i = 1; i < versions.length; i++) pair(i - 1, i, '');
    if (versions.length >= 3) pair(0, versions.length - 1, 'first-last/');
  }
  const byStratum = new Map<string, Candidate[]>();
  for (const c of candidates) byStratum.set(c.stratum, [...(byStratum.get(c.stratum) ?? []), c]);
  const multi = [...histories.values()].filter((v) => v.length > 1).length;
  console.log(`${commits.length} commits, ${histories.size} items, ${multi} with 2+ versions, ${candidates.length} candidate pairs`);

  const chosen: Candidate[] = [];
  for (const [name, list] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
    const ranked = list.sort((x, y) => stableRank(x.id, String(x.vb), String(x.va)).localeCompare(stableRank(y.id, String(y.vb), String(y.va))));
    const usedItems = new Set<string>();
    let taken = 0;
    for (const c of ranked) {
      if (values.stats || (taken >= perStratum && !takeAll.has(name))) break;
      if (usedItems.has(c.id) && !takeAll.has(name)) continue; // one pair per item per stratum keeps the sample varied
      usedItems.add(c.id);
      chosen.push(c);
      taken++;
    }
    console.log(`  ${name}: ${list.length} candidates, ${taken} chosen`);
  }
  if (values.stats || !out) return;

  for (const c of chosen) {
    const pairId = `${stableRank(c.id).slice(0, 8)}-v${c.vb}-v${c.va}`;
    const dir = join(out, pairId);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'before.json'), `${JSON.stringify(toNinjs(c.before.item), null, 2)}\n`);
    writeFileSync(join(dir, 'after.json'), `${JSON.stringify(toNinjs(c.after.item), null, 2)}\n`);
    writeFileSync(join(dir, 'candidate.json'), `${JSON.stringify({
      id: `${source}/${pairId}`,
      source,
      language: 'en',
      licence,
      stratum: c.stratum,
      provenance: {
        repository,
        path,
        before: c.before.commit.sha,
        after: c.after.commit.sha,
        beforeCommitTime: c.before.commit.time,
        afterCommitTime: c.after.commit.time,
        ...(c.after.item.link ? { url: c.after.item.link } : {}),
      },
    }, null, 2)}\n`);
  }
  console.log(`${chosen.length} pairs written to ${out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
