// Redline engine benchmark against `git diff --no-index --word-diff` (spawn included) and jsdiff
// `diffWords`, on seeded article revisions of six kinds at 500 / 2k / 10k / 50k words. Prints
// medians, ratios to git, and PASS/FAIL for the targets of issue 3. BENCH_QUICK=1: fewer runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffWords } from 'diff';
import { compareDocuments, normalizeRevision, type StoryDocument } from '../../lambdas/core/engine/index.ts';
import { DEFAULT_MAX_REVISION_BYTES } from '../../lambdas/core/engine/normalize.ts';
import { DEFAULT_WORK_BUDGET } from '../../lambdas/core/engine/compare.ts';
import { extractFigures, pairFigures } from '../../lambdas/core/engine/figures.ts';
import { REVISION_KINDS, StoryGenerator, articleText, makeArticle, reviseArticle, type RevisionKind } from '../fixtures/engine/story-generator.ts';

const QUICK = process.env.BENCH_QUICK === '1';
const SIZES = [500, 2_000, 10_000, 50_000];
/** Time spent measuring one engine case (after warm-up), and bounds on the run count. */
const CASE_BUDGET_MS = QUICK ? 60 : 250;
const MIN_RUNS = QUICK ? 3 : 7;
const MAX_RUNS = QUICK ? 40 : 300;
const GIT_RUNS = QUICK ? 5 : 15;
/** diffWords cases predicted to take longer than this are skipped. */
const DIFFWORDS_LIMIT_MS = 20_000;

interface Case {
  readonly words: number;
  readonly kind: RevisionKind;
  readonly oldText: string;
  readonly newText: string;
  readonly oldDoc: StoryDocument;
  readonly newDoc: StoryDocument;
}

function makeCase(words: number, kind: RevisionKind): Case {
  const generator = new StoryGenerator(words * 31 + REVISION_KINDS.indexOf(kind));
  const article = makeArticle(generator, words);
  const oldText = articleText(article);
  const newText = reviseArticle(generator, article, kind);
  const encoder = new TextEncoder();
  return {
    words,
    kind,
    oldText,
    newText,
    oldDoc: normalizeRevision(encoder.encode(oldText), 'markdown'),
    newDoc: normalizeRevision(encoder.encode(newText), 'markdown'),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function measure(action: () => unknown): number {
  for (let i = 0; i < 3; i++) action();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < MAX_RUNS && (times.length < MIN_RUNS || performance.now() - started < CASE_BUDGET_MS)) {
    const t0 = performance.now();
    action();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const encoder = new TextEncoder();

/** The full path: decode and normalize both uploads, then compare (what diff-files does); `maxBytes` as a raised REDLINE_MAX_REVISION_BYTES. */
function fullPath(c: Case, maxBytes = DEFAULT_MAX_REVISION_BYTES): void {
  compareDocuments(normalizeRevision(encoder.encode(c.oldText), 'markdown', { maxBytes }), normalizeRevision(encoder.encode(c.newText), 'markdown', { maxBytes }));
}

function gitWordDiff(oldFile: string, newFile: string): number {
  const times: number[] = [];
  for (let i = 0; i < GIT_RUNS + 1; i++) {
    const t0 = performance.now();
    const result = spawnSync('git', ['diff', '--no-index', '--word-diff', '--no-color', oldFile, newFile], { maxBuffer: 64 * 1024 * 1024 });
    const elapsed = performance.now() - t0;
    if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed: ${result.stderr}`);
    if (i > 0) times.push(elapsed);
  }
  return median(times);
}

const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const pad = (text: string, width: number) => text.padStart(width);

/** Runs in a child process: peak RSS growth while comparing the 50k-word cases (full path). */
async function memoryProbe(): Promise<void> {
  const cases = REVISION_KINDS.map((kind) => makeCase(50_000, kind));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const baseline = process.memoryUsage().rss;
  const baselinePeak = process.resourceUsage().maxRSS * 1024;
  for (const c of cases) fullPath(c);
  const peak = process.resourceUsage().maxRSS * 1024;
  // Conservative: growth of the process's peak RSS over its resident size before the runs.
  console.log(JSON.stringify({ peakExtraBytes: Math.max(0, peak - Math.min(baseline, baselinePeak)) }));
}

/** The largest revisions ingest accepts: stories just under the size limit, compared whole (hardening issue: ≤ 10 s, ≤ 512 MB). */
const LARGEST_KINDS = ['full-rewrite', 'rewrite-20', 'every-figure'] as const;
type LargestKind = (typeof LARGEST_KINDS)[number];
/**
 * `limit`: revisions just under the upload size limit; `budget`: the largest the engine's work
 * budget admits (each side just under half of DEFAULT_WORK_BUDGET characters; the generator writes
 * ASCII), which only a raised REDLINE_MAX_REVISION_BYTES lets in.
 */
type LargestSize = 'limit' | 'budget';
const LARGEST_BYTES: Record<LargestSize, number> = { limit: DEFAULT_MAX_REVISION_BYTES * 0.95, budget: (DEFAULT_WORK_BUDGET / 2) * 0.95 };

function largestTexts(kind: LargestKind, size: LargestSize = 'limit'): { oldText: string; newText: string } {
  const generator = new StoryGenerator(5_000_000);
  let words = size === 'limit' ? 700_000 : 1_000_000;
  let article = makeArticle(generator, words);
  // Shrink until the larger version fits under the limit (a revision of the maximum size, not over it).
  while (Buffer.byteLength(articleText(article)) > LARGEST_BYTES[size]) article = makeArticle(generator, (words = Math.floor(words * 0.9)));
  const oldText = articleText(article);
  const newText = kind === 'every-figure' ? oldText.replace(/\b\d+\b/g, (digits) => String(Number(digits) + 1)) : reviseArticle(generator, article, kind);
  return { oldText, newText };
}

/** Runs in a child process: one full-path comparison of the largest revisions, its time and the process's peak RSS. */
function largestProbe(kind: LargestKind, size: LargestSize): void {
  const { oldText, newText } = largestTexts(kind, size);
  const t0 = performance.now();
  fullPath({ oldText, newText } as Case, Math.max(DEFAULT_MAX_REVISION_BYTES, LARGEST_BYTES[size]));
  const ms = performance.now() - t0;
  console.log(JSON.stringify({ ms, peakRss: process.resourceUsage().maxRSS * 1024, bytes: Buffer.byteLength(newText) }));
}

function measureLargest(scratch: string, size: LargestSize = 'limit'): { kind: LargestKind; ms: number; peakRss: number; bytes: number; git: number }[] {
  const self = fileURLToPath(import.meta.url);
  return LARGEST_KINDS.map((kind) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', self, '--largest-probe', kind, size], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    const line = result.stdout.trim().split('\n').pop() ?? '';
    let probe: { ms: number; peakRss: number; bytes: number };
    try {
      probe = JSON.parse(line) as typeof probe;
    } catch {
      throw new Error(`largest-revision probe (${kind}) failed: ${result.stderr.slice(0, 500)}`);
    }
    const { oldText, newText } = largestTexts(kind, size);
    const oldFile = join(scratch, `largest-${size}-${kind}-old.md`);
    const newFile = join(scratch, `largest-${size}-${kind}-new.md`);
    writeFileSync(oldFile, oldText);
    writeFileSync(newFile, newText);
    return { kind, ...probe, git: gitWordDiff(oldFile, newFile) };
  });
}

function measureMemory(): number | undefined {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--memory-probe'], { encoding: 'utf8' });
  const line = result.stdout.trim().split('\n').pop();
  try {
    return (JSON.parse(line ?? '') as { peakExtraBytes: number }).peakExtraBytes;
  } catch {
    console.log(`memory probe failed: ${result.stderr.slice(0, 500)}`);
    return undefined;
  }
}

/** A 10k-word story with three sentences edited: bytes of patch + summary JSON. */
function recordSizeOfThreeSentenceEdit(): number {
  const generator = new StoryGenerator(4242);
  const article = makeArticle(generator, 10_000);
  const before: StoryDocument = { headline: article.headline, body: article.paragraphs };
  const body = [...article.paragraphs];
  for (const index of [5, 60, 150]) {
    const sentences = (body[index] as string).split(/(?<=\.) /);
    sentences[0] = generator.sentence();
    body[index] = sentences.join(' ');
  }
  const change = compareDocuments(before, { headline: article.headline, body });
  return Buffer.byteLength(JSON.stringify(change.patch)) + Buffer.byteLength(JSON.stringify(change.summary));
}

/**
 * A figure-dense story of 100,000 figures (~4 MB) and a revision that changes every 97th figure and
 * rewrites every 50th sentence: figure extraction and pairing, against sorting the same 100k numbers.
 */
function figurePairing(): { figures: number; extractMs: number; pairMs: number; sortMs: number; changes: number; expected: number } {
  let seed = 99;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const places = ['ward', 'district', 'county', 'village', 'camp', 'shelter', 'clinic', 'school'];
  const nouns = ['people', 'cases', 'homes', 'residents', 'patients', 'vehicles'];
  const before: string[] = [];
  const after: string[] = [];
  let expected = 0;
  for (let k = 0; k < 50_000; k++) {
    const place = `${places[k % places.length]} of ${Array.from({ length: 6 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('')}`;
    const a = Math.floor(random() * 5_000_000);
    const b = Math.floor(random() * 99);
    const noun = nouns[k % nouns.length];
    const grouped = a.toLocaleString('en-US');
    before.push(`Officials in ${place} counted ${grouped} ${noun} and ${b}% of them were evacuated.`);
    const a2 = k % 97 === 0 ? a + 1 : a;
    if (a2 !== a) expected++;
    after.push(k % 50 === 0 ? `Officials in ${place} now count ${a2} ${noun}, ${b} percent of them evacuated.` : `Officials in ${place} counted ${a2.toLocaleString('en-US')} ${noun} and ${b}% of them were evacuated.`);
  }
  const beforeText = before.join(' ');
  const afterText = after.join(' ');
  const t0 = performance.now();
  const beforeFigures = extractFigures(beforeText, 'en');
  const afterFigures = extractFigures(afterText, 'en');
  const extractMs = (performance.now() - t0) / 2;
  let changes = 0;
  const pairMs = measure(() => (changes = pairFigures(beforeFigures, afterFigures).length));
  const values = beforeFigures.map((f) => f.value);
  const sortMs = measure(() => [...values].sort((x, y) => x - y));
  return { figures: beforeFigures.length, extractMs, pairMs, sortMs, changes, expected };
}

export async function run(): Promise<boolean> {
  const scratch = mkdtempSync(join(tmpdir(), 'redline-bench-'));
  const results: { words: number; kind: RevisionKind; engine: number; full: number; git: number; jsdiff: number | 'skipped' | 'timeout' }[] = [];
  const diffWordsAt = new Map<RevisionKind, { words: number; ms: number }>();
  let largest: ReturnType<typeof measureLargest> = [];
  let budgetEdge: ReturnType<typeof measureLargest> = [];
  console.log(`Redline engine vs git diff --word-diff vs jsdiff diffWords (medians in ms${QUICK ? ', BENCH_QUICK' : ''})`);
  console.log(`${'words'.padStart(6)} ${'kind'.padEnd(17)} ${pad('engine', 8)} ${pad('full', 8)} ${pad('git', 8)} ${pad('eng/git', 8)} ${pad('full/git', 8)} ${pad('diffWords', 10)}`);
  try {
    for (const words of SIZES) {
      for (const kind of REVISION_KINDS) {
        const c = makeCase(words, kind);
        const oldFile = join(scratch, `${words}-${kind}-old.md`);
        const newFile = join(scratch, `${words}-${kind}-new.md`);
        writeFileSync(oldFile, c.oldText);
        writeFileSync(newFile, c.newText);
        const engine = measure(() => compareDocuments(c.oldDoc, c.newDoc));
        const full = measure(() => fullPath(c));
        const git = gitWordDiff(oldFile, newFile);
        // diffWords is O(N·D): predict from the previous size (×(N ratio)²) and skip hopeless cases.
        let jsdiff: number | 'skipped' | 'timeout' = 'skipped';
        const previous = diffWordsAt.get(kind);
        const predicted = previous ? previous.ms * (words / previous.words) ** 2 : 0;
        if (!(QUICK && words >= 50_000) && predicted <= DIFFWORDS_LIMIT_MS) {
          const t0 = performance.now();
          const parts = diffWords(c.oldText, c.newText, { timeout: DIFFWORDS_LIMIT_MS });
          const elapsed = performance.now() - t0;
          jsdiff = parts === undefined ? 'timeout' : elapsed;
          diffWordsAt.set(kind, { words, ms: parts === undefined ? Infinity : Math.max(elapsed, 0.01) });
        }
        results.push({ words, kind, engine, full, git, jsdiff });
        console.log(
          `${String(words).padStart(6)} ${kind.padEnd(17)} ${pad(fmt(engine), 8)} ${pad(fmt(full), 8)} ${pad(fmt(git), 8)} ${pad(`${(engine / git).toFixed(2)}×`, 8)} ${pad(`${(full / git).toFixed(2)}×`, 8)} ${pad(typeof jsdiff === 'number' ? fmt(jsdiff) : jsdiff, 10)}`,
        );
      }
    }
    largest = measureLargest(scratch);
    for (const l of largest) {
      console.log(`largest revision (${(l.bytes / 1024 / 1024).toFixed(1)} MB), ${l.kind.padEnd(12)}: full path ${fmt(l.ms)} ms, git ${fmt(l.git)} ms (${(l.ms / l.git).toFixed(2)}×), peak RSS ${(l.peakRss / 1024 / 1024).toFixed(0)} MB`);
    }
    budgetEdge = measureLargest(scratch, 'budget');
    for (const l of budgetEdge) {
      console.log(`work budget's edge (${(l.bytes / 1024 / 1024).toFixed(1)} MB), ${l.kind.padEnd(12)}: full path ${fmt(l.ms)} ms, git ${fmt(l.git)} ms (${(l.ms / l.git).toFixed(2)}×), peak RSS ${(l.peakRss / 1024 / 1024).toFixed(0)} MB`);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  const memory = measureMemory();
  const recordBytes = recordSizeOfThreeSentenceEdit();
  const figures = figurePairing();
  console.log(
    `figure pairing, ${Math.round(figures.figures / 1000)}k figures: ${fmt(figures.pairMs)} ms (${figures.changes} changed pairs of ${figures.expected} made); sorting the same ${Math.round(figures.figures / 1000)}k numbers: ${fmt(figures.sortMs)} ms (${(figures.pairMs / figures.sortMs).toFixed(1)}×); extracting them from ~4 MB: ${fmt(figures.extractMs)} ms per version`,
  );
  const at = (words: number) => results.filter((r) => r.words === words);
  const worst = (rows: typeof results, ratio: (r: (typeof results)[number]) => number) => rows.reduce((max, r) => Math.max(max, ratio(r)), 0);
  const typical2k = results.find((r) => r.words === 2_000 && r.kind === 'typical-update');
  const targets: [string, boolean, string][] = [
    ['10k words, every kind: engine ≤ 1.0× git', at(10_000).every((r) => r.engine <= r.git), `worst ${worst(at(10_000), (r) => r.engine / r.git).toFixed(2)}× (full path worst ${worst(at(10_000), (r) => r.full / r.git).toFixed(2)}×)`],
    ['50k words, every kind: engine ≤ 2× git', at(50_000).every((r) => r.engine <= 2 * r.git), `worst ${worst(at(50_000), (r) => r.engine / r.git).toFixed(2)}× (full path worst ${worst(at(50_000), (r) => r.full / r.git).toFixed(2)}×)`],
    ['50k words: no case over 500 ms (engine and full path)', at(50_000).every((r) => r.engine <= 500 && r.full <= 500), `slowest ${fmt(worst(at(50_000), (r) => Math.max(r.engine, r.full)))} ms`],
    ['peak extra memory ≤ 64 MB (50k words, full path, all kinds)', memory !== undefined && memory <= 64 * 1024 * 1024, memory === undefined ? 'not measured' : `${(memory / 1024 / 1024).toFixed(1)} MB`],
    ['typical update on 2k words ≤ 2 ms median', (typical2k?.engine ?? Infinity) <= 2, `${fmt(typical2k?.engine ?? NaN)} ms (full path ${fmt(typical2k?.full ?? NaN)} ms)`],
    ['3-sentence edit to 10k words stores ≤ 4 KB', recordBytes <= 4096, `${recordBytes} bytes of patch + summary JSON`],
    [
      'largest revisions (just under the size limit, full path): ≤ 10 s and ≤ 512 MB peak RSS',
      largest.length > 0 && largest.every((l) => l.ms <= 10_000 && l.peakRss <= 512 * 1024 * 1024),
      `slowest ${fmt(Math.max(...largest.map((l) => l.ms)))} ms, largest peak RSS ${(Math.max(...largest.map((l) => l.peakRss)) / 1024 / 1024).toFixed(0)} MB`,
    ],
    [
      "largest comparison the work budget admits (REDLINE_WORK_BUDGET default, full path): ≤ 10 s and ≤ 512 MB peak RSS",
      budgetEdge.length > 0 && budgetEdge.every((l) => l.ms <= 10_000 && l.peakRss <= 512 * 1024 * 1024),
      `slowest ${fmt(Math.max(...budgetEdge.map((l) => l.ms)))} ms, largest peak RSS ${(Math.max(...budgetEdge.map((l) => l.peakRss)) / 1024 / 1024).toFixed(0)} MB`,
    ],
  ];
  console.log('');
  for (const [name, passed, detail] of targets) console.log(`${passed ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
  return targets.every(([, passed]) => passed);
}

if (process.argv.includes('--memory-probe')) await memoryProbe();
if (process.argv.includes('--largest-probe')) {
  const at = process.argv.indexOf('--largest-probe');
  largestProbe(process.argv[at + 1] as LargestKind, (process.argv[at + 2] ?? 'limit') as LargestSize);
}
