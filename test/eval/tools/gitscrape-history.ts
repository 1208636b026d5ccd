/**
 * Reads every committed version of one file in a git-scraping repository (a bare git directory brought here
 * with `fetch`) and turns it into the distinct versions of each feed item, keyed by the item's id.
 *
 * Used by the per-source pair extractors (spiegel-rss-pairs.ts, nunl-headlines-pairs.ts). Deterministic: the
 * same repository and path always give the same versions in the same order. Reads through one
 * `git cat-file --batch` process so thousands of commits stay quick.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';

export interface Commit { sha: string; time: string }

/** Parses the command line; an unknown or malformed option stops the tool with parseArgs' message, not a stack trace. */
export function cliArgs<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}

/** A command-line count (--per-stratum and the like): a whole number ≥ 0, or the tool stops naming the option. */
export function cliCount(option: string, raw: string | undefined): number {
  if (raw === undefined || !/^\d+$/.test(raw)) {
    console.error(`--${option} must be a whole number (0 or more), got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return Number(raw);
}

/** --git-dir must be a git directory with at least one commit, or the tool stops saying so (no git stack trace). */
export function cliGitDir(gitDir: string): string {
  try {
    execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', '--quiet', 'HEAD'], { stdio: 'ignore' });
  } catch {
    console.error(`--git-dir ${gitDir} is not a git directory with commits; pass the bare repository, e.g. /work/.mirror/<owner>+<name>/repo`);
    process.exit(2);
  }
  return gitDir;
}

/** Commits that touched `path`, oldest first. */
export function commitsTouching(gitDir: string, path: string): Commit[] {
  const out = execFileSync('git', ['--git-dir', gitDir, 'log', '--reverse', '--format=%H %cI', '--', path], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return out.split('\n').filter(Boolean).map((line) => {
    const [sha = '', time = ''] = line.split(' ');
    return { sha, time };
  });
}

/** Yields the file's content at each commit, in the order given; a commit where the file is missing yields null. */
export async function* fileAtCommits(gitDir: string, path: string, commits: Commit[]): AsyncGenerator<{ commit: Commit; text: string | null }> {
  const child = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = Buffer.alloc(0);
  let ended = false;
  let wake: (() => void) | null = null;
  child.stdout.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  });
  child.stdout.on('end', () => {
    ended = true;
    wake?.();
  });
  const waitForData = () => new Promise<void>((resolve) => { wake = () => { wake = null; resolve(); }; });
  const readLine = async (): Promise<string> => {
    for (;;) {
      const nl = buffer.indexOf(10);
      if (nl >= 0) {
        const line = buffer.subarray(0, nl).toString('utf8');
        buffer = buffer.subarray(nl + 1);
        return line;
      }
      if (ended) throw new Error('git cat-file ended early');
      await waitForData();
    }
  };
  const readBytes = async (n: number): Promise<Buffer> => {
    while (buffer.length < n + 1) {
      if (ended) throw new Error('git cat-file ended early');
      await waitForData();
    }
    const bytes = buffer.subarray(0, n);
    buffer = buffer.subarray(n + 1); // the object is followed by a newline
    return bytes;
  };
  try {
    for (const commit of commits) {
      child.stdin.write(`${commit.sha}:${path}\n`);
      const header = await readLine();
      if (header.endsWith(' missing')) {
        yield { commit, text: null };
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (!Number.isInteger(size)) throw new Error(`unexpected git cat-file header: ${header}`);
      yield { commit, text: (await readBytes(size)).toString('utf8') };
    }
  } finally {
    child.stdin.end();
    child.kill();
  }
}

export interface ItemVersion<T> { commit: Commit; item: T }

/**
 * Distinct versions of every item across the file's history. `parse` turns one file text into items;
 * `key` gives an item's stable id; `fingerprint` says which fields count (two consecutive sightings with the
 * same fingerprint are the same version). An item that leaves the feed and comes back continues its history.
 */
export async function itemHistories<T>(
  gitDir: string,
  path: string,
  parse: (text: string) => T[],
  key: (item: T) => string,
  fingerprint: (item: T) => string,
  commits: Commit[] = commitsTouching(gitDir, path),
): Promise<Map<string, ItemVersion<T>[]>> {
  const histories = new Map<string, ItemVersion<T>[]>();
  for await (const { commit, text } of fileAtCommits(gitDir, path, commits)) {
    if (text === null || text.trim() === '') continue;
    let items: T[];
    try {
      items = parse(text);
    } catch {
      continue; // a broken capture (e.g. an error page) is skipped, not treated as a version
    }
    for (const item of items) {
      const id = key(item);
      const versions = histories.get(id) ?? [];
      const last = versions[versions.length - 1];
      if (!last || fingerprint(last.item) !== fingerprint(item)) {
        versions.push({ commit, item });
        histories.set(id, versions);
      }
    }
  }
  return histories;
}

/** A stable pseudo-random order: sort by this instead of shuffling. */
export function stableRank(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\u0000')).digest('hex');
}

/** Surface features of a language, used only to sort candidate pairs into strata (never to set a label). */
export interface SurfaceFeatures { note: RegExp; number: RegExp; quoted: RegExp }

/**
 * German surface features. A bare "Update" word is not a note marker: SPIEGEL ends teasers with the standing tag
 * line "Das News-Update." and names tickers "Ukraine-Update".
 */
export const GERMAN_FEATURES: SurfaceFeatures = {
  note: /(\b(update|aktualisierung|korrektur|berichtigung|richtigstellung|klarstellung)\s*(\d+\s*)?:|\banm\.\s*d\.\s*red|\banmerkung der redaktion|\bhinweis der redaktion|\bin einer (früheren|ersten|vorherigen) version|\bwurde (nachträglich )?(korrigiert|aktualisiert|ergänzt))/i,
  number: /\d+(?:[.,]\d+)*|\b(?:eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig|hundert|tausend|dutzend|dutzende|hunderte|tausende|millionen?|milliarden?|hälfte|doppelt)\b/,
  quoted: /[»„“"][^»«„“”"]{1,300}[«“”"]/,
};

const tokens = (s: string, re: RegExp) => (s.match(new RegExp(re.source, 'gi')) ?? []).map((t) => t.toLowerCase()).sort().join('|');

/** note: a note-like marker on either side; figure: the number tokens differ; quote: the quoted spans differ. */
export function surfaceStratum(before: string, after: string, f: SurfaceFeatures): string {
  if (before === after) return 'timestamp-only';
  if (f.note.test(before) || f.note.test(after)) return 'note';
  if (tokens(before, f.number) !== tokens(after, f.number)) return 'figure';
  if (tokens(before, f.quoted) !== tokens(after, f.quoted)) return 'quote';
  return 'other';
}

export interface Candidate<T> { id: string; before: ItemVersion<T>; after: ItemVersion<T>; vb: number; va: number; stratum: string }

/**
 * Every consecutive pair of distinct versions, plus first-vs-last when an item has 3+ versions; then from each
 * stratum the first `perStratum` (first-last strata: `perFirstLast`) in stableRank order, one pair per item per stratum.
 * A first-vs-last pair whose two versions have the same fingerprint (the item went back to its first wording) is
 * not a revision and is skipped.
 */
export function selectCandidates<T>(
  histories: Map<string, ItemVersion<T>[]>,
  storyText: (item: T) => string,
  fingerprint: (item: T) => string,
  features: SurfaceFeatures,
  perStratum: number,
  perFirstLast: number,
  log: (line: string) => void = console.log,
  admissible: (before: T, after: T) => boolean = () => true,
): Candidate<T>[] {
  const all: Candidate<T>[] = [];
  const classify = (a: ItemVersion<T>, b: ItemVersion<T>) => surfaceStratum(storyText(a.item), storyText(b.item), features);
  const pair = (id: string, versions: ItemVersion<T>[], b: number, a: number, prefix: string): Candidate<T> => {
    const before = versions[b]!;
    const after = versions[a]!;
    return { id, before, after, vb: b + 1, va: a + 1, stratum: `${prefix}${classify(before, after)}` };
  };
  for (const [id, versions] of histories) {
    for (let i = 1; i < versions.length; i++) {
      if (admissible(versions[i - 1]!.item, versions[i]!.item)) all.push(pair(id, versions, i - 1, i, ''));
    }
    const first = versions[0]!;
    const last = versions[versions.length - 1]!;
    if (versions.length >= 3 && fingerprint(first.item) !== fingerprint(last.item) && admissible(first.item, last.item)) {
      all.push(pair(id, versions, 0, versions.length - 1, 'first-last/'));
    }
  }
  const byStratum = new Map<string, Candidate<T>[]>();
  for (const c of all) byStratum.set(c.stratum, [...(byStratum.get(c.stratum) ?? []), c]);
  const chosen: Candidate<T>[] = [];
  const rank = (c: Candidate<T>) => stableRank(c.id, String(c.vb), String(c.va));
  for (const [name, list] of [...byStratum].sort(([a], [b]) => a.localeCompare(b))) {
    const quota = name.startsWith('first-last/') ? perFirstLast : perStratum;
    const seen = new Set<string>();
    let taken = 0;
    for (const c of list.sort((x, y) => rank(x).localeCompare(rank(y)))) {
      if (taken >= quota) break;
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      chosen.push(c);
      taken++;
    }
    log(`${name}: ${list.length} candidates, ${taken} chosen`);
  }
  log(`${histories.size} items, ${all.length} candidate pairs, ${chosen.length} chosen`);
  return chosen;
}

/** Numbers written with a grouping or decimal mark as German and Dutch write them: 87.500, 8,5, 1.250,75. */
const LOCALE_NUMBER = /\d{1,3}(?:\.\d{3})+(?:,\d+)?(?!\d)|\d+,\d+/g;
const localeTokens = (s: string) => (s.match(LOCALE_NUMBER) ?? []).sort().join('|');

/**
 * A written supplement to enrich the figure targets: consecutive pairs whose locale-formatted numbers differ
 * between the two versions, from the `figure` stratum, first `n` in the same stable order, minus pairs already
 * chosen. Marked with stratum `supplement/locale-figure`.
 */
export function localeFigureSupplement<T>(
  histories: Map<string, ItemVersion<T>[]>,
  storyText: (item: T) => string,
  fingerprint: (item: T) => string,
  features: SurfaceFeatures,
  chosen: Candidate<T>[],
  n: number,
): Candidate<T>[] {
  if (n <= 0) return [];
  const taken = new Set(chosen.map((c) => `${c.id}/${c.vb}/${c.va}`));
  const supplement = selectCandidates(histories, storyText, fingerprint, features, n, 0, () => {},
    (a, b) => localeTokens(storyText(a)) !== localeTokens(storyText(b)))
    .filter((c) => c.stratum === 'figure' && !taken.has(`${c.id}/${c.vb}/${c.va}`))
    .slice(0, n);
  for (const c of supplement) c.stratum = 'supplement/locale-figure';
  return supplement;
}
