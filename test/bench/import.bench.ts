// Import throughput: `redline import` of an archive of 40 stories × 25 revisions × ~750 words into
// a fresh embedded store (s3rver + dynalite, in process), against the NewsDiffs model of the same
// archive measured in the same run: commit each revision to git, then `git diff --word-diff` it
// against the previous commit. Both are printed with their ratio; every story's ledger is then
// checked (no revision lost, duplicated or misordered; chain intact; a sample verified).
// Target: import ≥ 10× the git pipeline.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { importArchive } from '../../lambdas/app/import.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { gitArchive, jsonLinesArchive } from '../../lambdas/adapters/revision-archives.ts';
import { checkLedger as checkStories, type LedgerCheck } from './ledger-check.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const STORIES = QUICK ? 10 : 40;
const REVISIONS = QUICK ? 10 : 25;
const TARGET_RATIO = 10;
const WORDS = ['council', 'officials', 'residents', 'river', 'bridge', 'report', 'said', 'the', 'on', 'after', 'water', 'levels', 'rose', 'emergency', 'crews', 'town', 'road', 'closed', 'late', 'evening'];

/** ~750 words in 30 paragraphs; each revision changes a figure in one paragraph, rewords another, adds an update line. */
export function revisionText(story: number, revision: number): string {
  const paragraphs = Array.from({ length: 30 }, (_, p) => {
    const words = Array.from({ length: 22 }, (_, w) => WORDS[(story * 7 + p * 3 + w) % WORDS.length]);
    const figure = 100 + p * 5 + (p === revision % 30 ? revision * 3 : 0);
    const reworded = p === (revision * 7) % 30 && revision > 0 ? 'according to a statement' : 'officials confirmed';
    return `${words.join(' ')} ${figure} people, ${reworded}.`;
  });
  const updates = Array.from({ length: revision }, (_, u) => `Update ${u + 1}: figures revised at ${10 + u}:00.`);
  return `Floods in district ${story}\n\n${[...paragraphs, ...updates].join('\n\n')}`;
}

function gitPipeline(dir: string): { seconds: number; repo: string } {
  const repo = join(dir, 'newsdiffs');
  mkdirSync(join(repo, 'stories'), { recursive: true });
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Scraper', GIT_AUTHOR_EMAIL: 'scraper@example.org', GIT_COMMITTER_NAME: 'Scraper', GIT_COMMITTER_EMAIL: 'scraper@example.org' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  git('init', '-q');
  git('config', 'commit.gpgsign', 'false');
  const started = performance.now();
  // As a scraper sees them: every story's first version, then every story's second, …
  for (let revision = 0; revision < REVISIONS; revision++) {
    for (let story = 0; story < STORIES; story++) {
      const path = `stories/story-${story}.txt`;
      writeFileSync(join(repo, path), revisionText(story, revision));
      git('add', path);
      git('commit', '-q', '-m', `story-${story} revision ${revision + 1}`);
      if (revision > 0) git('diff', '--word-diff', 'HEAD~1', 'HEAD', '--', path);
    }
  }
  return { seconds: (performance.now() - started) / 1000, repo };
}

async function checkLedger(embedded: EmbeddedRedline): Promise<LedgerCheck & { verified: boolean }> {
  const check = await checkStories(embedded.deps().ledger, 'story-', STORIES, REVISIONS, revisionText);
  const verified = (await Promise.all([0, STORIES - 1].map((story) => verifyStory(`story-${story}`, embedded.deps())))).every((result) => result.ok);
  return { ...check, verified };
}

export async function run(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'redline-import-bench-'));
  try {
    const total = STORIES * REVISIONS;
    console.log(`${STORIES} stories × ${REVISIONS} revisions × ~${revisionText(0, 0).split(/\s+/).length} words = ${total} revisions`);
    const git = gitPipeline(dir);
    const gitRate = total / git.seconds;
    console.log(`git commit + git diff --word-diff per revision (NewsDiffs model): ${gitRate.toFixed(1)} revisions/s (${git.seconds.toFixed(1)} s)`);

    const jsonl = join(dir, 'archive.jsonl');
    const lines: string[] = [];
    for (let revision = 0; revision < REVISIONS; revision++) {
      for (let story = 0; story < STORIES; story++) {
        lines.push(JSON.stringify({ storyId: `story-${story}`, time: new Date(Date.UTC(2024, 0, 1, revision, story)).toISOString(), editor: 'Desk', format: 'text', content: revisionText(story, revision) }));
      }
    }
    writeFileSync(jsonl, `${lines.join('\n')}\n`);

    let ok = true;
    for (const [label, archive] of [
      ['redline import (JSON Lines)', jsonLinesArchive(jsonl)],
      ['redline import (the git repository above, stories/*.txt)', gitArchive(git.repo, 'stories/*.txt')],
    ] as const) {
      const embedded = await EmbeddedRedline.start({ dataDir: join(dir, label.includes('git') ? 'store-git' : 'store-jsonl') });
      try {
        const result = await importArchive(archive, embedded.deps(), { concurrency: 8 });
        const again = await importArchive(label.includes('git') ? gitArchive(git.repo, 'stories/*.txt') : jsonLinesArchive(jsonl), embedded.deps());
        const check = await checkLedger(embedded);
        const rate = result.recorded / result.seconds;
        const ratio = rate / gitRate;
        const intact = result.recorded === total && again.recorded === 0 && check.lost + check.duplicated + check.misordered + check.brokenLinks === 0 && check.verified;
        console.log(`${label}: ${rate.toFixed(1)} revisions/s (${result.seconds.toFixed(1)} s) = ${ratio.toFixed(1)}× the git pipeline (target ≥ ${TARGET_RATIO}×) ${ratio >= TARGET_RATIO ? 'PASS' : 'FAIL'}`);
        console.log(`  re-run recorded ${again.recorded}; lost ${check.lost}, duplicated ${check.duplicated}, misordered ${check.misordered}, broken chain links ${check.brokenLinks}, sample verify ${check.verified ? 'ok' : 'FAILED'} ${intact ? 'PASS' : 'FAIL'}`);
        ok &&= intact && ratio >= TARGET_RATIO;
      } finally {
        await embedded.stop();
      }
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
