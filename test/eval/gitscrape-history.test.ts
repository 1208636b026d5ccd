/**
 * The shared reader of the evaluation-corpus extractors: versions of a feed item across the commits of a
 * git-scraping repository, the surface strata and the stable selection. Runs against a real git repository
 * built in a temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  commitsTouching,
  GERMAN_FEATURES,
  itemHistories,
  localeFigureSupplement,
  selectCandidates,
  surfaceStratum,
} from './tools/gitscrape-history.js';

interface Item { id: string; title: string; time: string }

let dir: string;
const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
const capture = (items: Item[] | string, message: string) => {
  writeFileSync(join(dir, 'feed.json'), typeof items === 'string' ? items : JSON.stringify(items));
  git('add', 'feed.json');
  git('commit', '-q', '--allow-empty', '-m', message);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gitscrape-'));
  git('init', '-q');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  capture([{ id: 'a', title: '10 Verletzte bei Unfall', time: '1' }, { id: 'b', title: 'Wetter', time: '1' },
    { id: 'c', title: 'Zeker 23.500 doden', time: '1' }], 'c1');
  capture([{ id: 'a', title: 'Mehrere Verletzte bei Unfall', time: '2' }, { id: 'b', title: 'Wetter', time: '1' },
    { id: 'c', title: 'Zeker 24.000 doden', time: '2' }], 'c2');
  capture('<html>502 Bad Gateway</html>', 'broken capture');
  capture([{ id: 'a', title: '10 Verletzte bei Unfall', time: '1' }, { id: 'b', title: 'Wetter', time: '2' }], 'c3');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gitDir = () => join(dir, '.git');
const parse = (raw: string) => JSON.parse(raw) as Item[];
const fingerprint = (i: Item) => JSON.stringify([i.title, i.time]);
const story = (i: Item) => i.title;

describe('gitscrape-history', () => {
  it('reads one version per distinct fingerprint, oldest first, skipping captures that do not parse', async () => {
    expect(commitsTouching(gitDir(), 'feed.json')).toHaveLength(4);
    const histories = await itemHistories(gitDir(), 'feed.json', parse, (i) => i.id, fingerprint);
    expect(histories.get('a')?.map((v) => v.item.title)).toEqual(['10 Verletzte bei Unfall', 'Mehrere Verletzte bei Unfall', '10 Verletzte bei Unfall']);
    expect(histories.get('b')?.map((v) => v.item.time)).toEqual(['1', '2']);
    expect(histories.get('c')).toHaveLength(2);
  });

  it('sorts pairs into surface strata and skips a first-vs-last pair that went back to its first wording', async () => {
    const histories = await itemHistories(gitDir(), 'feed.json', parse, (i) => i.id, fingerprint);
    const chosen = selectCandidates(histories, story, fingerprint, GERMAN_FEATURES, 5, 5, () => {});
    const got = chosen.map((c) => `${c.id} v${c.vb}-v${c.va} ${c.stratum}`).sort();
    // a has two figure pairs (v1-v2, v2-v3) but one pair per item per stratum; a's v1-v3 is not a revision
    expect(got).toHaveLength(3);
    expect(got[0]).toMatch(/^a v(1-v2|2-v3) figure$/);
    expect(got.slice(1)).toEqual(['b v1-v2 timestamp-only', 'c v1-v2 figure']);
    expect(got.some((l) => l.includes('first-last'))).toBe(false);
    // the same input gives the same selection
    expect(selectCandidates(histories, story, fingerprint, GERMAN_FEATURES, 5, 5, () => {}).map((c) => c.id))
      .toEqual(chosen.map((c) => c.id));
  });

  it('classifies by surface features only', () => {
    expect(surfaceStratum('Wetter', 'Wetter', GERMAN_FEATURES)).toBe('timestamp-only');
    expect(surfaceStratum('Korrektur: Wetter', 'Wetter heute', GERMAN_FEATURES)).toBe('note');
    expect(surfaceStratum('Das News-Update.', 'Das News-Update!', GERMAN_FEATURES)).toBe('other');
    expect(surfaceStratum('zwölf Tote', 'elf Tote', GERMAN_FEATURES)).toBe('figure');
    expect(surfaceStratum('Er sagte »ja«', 'Er sagte »nein«', GERMAN_FEATURES)).toBe('quote');
  });

  it('adds a locale-figure supplement of pairs whose grouped or decimal numbers differ, never twice', async () => {
    const histories = await itemHistories(gitDir(), 'feed.json', parse, (i) => i.id, fingerprint);
    const supplement = localeFigureSupplement(histories, story, fingerprint, GERMAN_FEATURES, [], 5);
    expect(supplement.map((c) => `${c.id} ${c.stratum}`)).toEqual(['c supplement/locale-figure']);
    expect(localeFigureSupplement(histories, story, fingerprint, GERMAN_FEATURES, supplement, 5)).toEqual([]);
  });
});
