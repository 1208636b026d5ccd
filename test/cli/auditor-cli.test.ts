import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoManifest } from '../../lambdas/cli/local-commands.ts';

const run = promisify(execFile);
const BIN = join(process.cwd(), 'bin', 'redline.js');
const STORY = 'world/valdera-earthquake';
let dataDir: string;

/** Runs the CLI as a user would, against the temp embedded store; never throws on exit codes. */
async function redline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args, '--data-dir', dataDir], { env: { ...process.env, REDLINE_DATA_DIR: '' }, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'redline-cli-'));
  const demo = demoManifest();
  for (const revision of demo.revisions) {
    const args = ['upload', join(demo.dir, revision.file), '--story', STORY, ...(revision.editor ? ['--editor', revision.editor] : []), ...(revision.note ? ['--note', revision.note] : [])];
    const result = await redline(...args);
    expect(result.code, result.stderr).toBe(0);
  }
}, 180_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Command: redline stories / show', () => {
  it('lists the story as a table and as JSON', async () => {
    const table = await redline('stories');
    const json = await redline('stories', '--json');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/world\/valdera-earthquake\s+v5\s+.*recorded\s+1\s+Valdera earthquake/);
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ storyId: STORY, latestVersion: 5, stealthCount: 1 })]);
  });

  it('shows one version with its canonical text, and exits 3 for a missing version', async () => {
    const shown = await redline('show', STORY, '3');
    const json = await redline('show', STORY, '3', '--json');
    const missing = await redline('show', STORY, '9');
    expect(shown.stdout).toContain('STEALTH');
    expect(shown.stdout).toContain('killing at least 34 people');
    expect(JSON.parse(json.stdout).record).toMatchObject({ version: 3, editor: 'Night desk' });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('has no version 9 (latest is 5)');
  });
});

describe('Command: redline diff', () => {
  it('prints the inline redline with the figure change and the stealth flag', async () => {
    const result = await redline('diff', STORY, '2', '3');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('figures: 35 → 34');
    expect(result.stdout).toContain('STEALTH');
    expect(result.stdout).toContain('[-35-]{+34+}');
  });

  it.each([
    ['unified', `--- ${STORY} v1`],
    ['html', '<ins class="rl-ins">'],
    ['json', '"storyId": "world/valdera-earthquake"'],
  ])('prints --output %s', async (output, expected) => {
    const result = await redline('diff', STORY, '1', '5', '--output', output);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected);
  });

  it('exits 2 for a version that is not a number', async () => {
    const result = await redline('diff', STORY, 'two', '3');
    expect(result.code).toBe(2);
  });
});

describe('Command: redline diff --output side-by-side | pdf', () => {
  it('prints two text columns that fit the width, the change on the same line in both', async () => {
    const result = await redline('diff', STORY, '2', '3', '--output', 'side-by-side', '--width', '80');
    const lines = result.stdout.trimEnd().split('\n');
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('<');
    expect(Math.max(...lines.map((line) => [...line].length))).toBeLessThanOrEqual(80);
    expect(lines.find((line) => line.includes('[-35-]'))).toMatch(/\[-35-\].*│.*\{\+34\+\}/);
    expect(lines.filter((line) => line.includes(' │ ')).length).toBeGreaterThan(10);
  });

  it('exits 2 when --output pdf has no --out file', async () => {
    const result = await redline('diff', STORY, '4', '5', '--output', 'pdf');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out FILE.pdf');
  });

  it.skipIf(!existsSync('/usr/bin/chromium') || !existsSync('/usr/bin/pdftoppm'))('writes a blackline PDF with the story, versions, editors, notes, verification and page numbers (rendered with pdftoppm)', async () => {
    // Act
    const pdf = join(dataDir, 'blackline.pdf');
    const result = await redline('diff', STORY, '4', '5', '--output', 'pdf', '--out', pdf);
    const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout;
    mkdirSync('test-artifacts', { recursive: true });
    await run('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '1', '-singlefile', pdf, 'test-artifacts/blackline-page-1']);
    await run('pdftoppm', ['-r', '30', '-gray', '-f', '1', '-l', '1', '-singlefile', pdf, join(dataDir, 'page')]);
    const pgm = readFileSync(join(dataDir, 'page.pgm'));
    const [, width, height] = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 32).toString('latin1'))!.map(Number);
    const pixels = pgm.subarray(pgm.length - width! * height!);
    const ink = pixels.filter((value) => value < 128).length / pixels.length;

    // Assess
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain('Story world/valdera-earthquake: version 4 → version 5');
    expect(text).toMatch(/Before\s+Version 4 \(recorded\), .* UTC, editor Jonas Pike/);
    expect(text).toMatch(/Note: “Correction: magnitude”/);
    expect(text).toMatch(/Chain verified: 5 versions, head chain hash/);
    expect(text).toMatch(/6\.1\s+6\.4/);
    expect(text).toMatch(/Page 1 of 2/);
    expect(text).not.toMatch(/Show redline|Skip to content/);
    expect(width).toBeGreaterThan(200);
    expect(ink).toBeGreaterThan(0.01);
    expect(ink).toBeLessThan(0.5);
  });
});

describe('Command: redline changes', () => {
  it('lists stealth edits as JSON and as a table', async () => {
    const json = await redline('changes', '--stealth', '--json');
    const table = await redline('changes', '--kind', 'headline');
    expect(JSON.parse(json.stdout).items.map((r: { version: number }) => r.version)).toEqual([3]);
    expect(table.stdout).toMatch(/world\/valdera-earthquake\s+4\s+Jonas Pike/);
  });

  it('exits 2 with a message for an unknown kind or time', async () => {
    const kind = await redline('changes', '--kind', 'typo');
    const since = await redline('changes', '--since', 'last week');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('unknown kind "typo"');
    expect(since.code).toBe(2);
  });
});

describe('Command: redline export and verify --bundle', () => {
  it('exports JSON Lines for a story and CSV for --all', async () => {
    const jsonl = await redline('export', STORY, '--format', 'jsonl');
    const csvFile = join(dataDir, 'all.csv');
    const csv = await redline('export', '--all', '--format', 'csv', '--out', csvFile);
    expect(jsonl.stdout.trim().split('\n').map((line) => JSON.parse(line).version)).toEqual([1, 2, 3, 4, 5]);
    expect(csv.code).toBe(0);
    const rows = readFileSync(csvFile, 'utf8').trim().split('\r\n');
    expect(rows[0]).toMatch(/^storyId,version,status,eventTime/);
    expect(rows).toHaveLength(6);
    expect(rows[3]).toContain('world/valdera-earthquake,3,recorded');
  });

  it('writes an evidence bundle that verifies offline, and fails (exit 4) once a record is altered', async () => {
    // Prepare
    const bundleFile = join(dataDir, 'bundle.json');
    const exported = await redline('export', STORY, '--format', 'bundle', '--out', bundleFile);
    const bundle = JSON.parse(readFileSync(bundleFile, 'utf8'));
    const tampered = structuredClone(bundle);
    tampered.records[2].note = 'Update: toll revised';
    const tamperedFile = join(dataDir, 'tampered.json');
    writeFileSync(tamperedFile, JSON.stringify(tampered));

    // Act: no target at all, a data dir that does not exist
    const ok = await run('node', [BIN, 'verify', '--bundle', bundleFile, '--json']);
    const failed = await redline('verify', '--bundle', tamperedFile);

    // Assess
    expect(exported.code).toBe(0);
    expect(bundle).toMatchObject({ format: 'redline-evidence-bundle', storyId: STORY, verification: { ok: true, versions: 5 } });
    expect(Object.keys(bundle.canonicalTexts)).toHaveLength(5);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, versions: 5, matchesExport: true, headChainHash: bundle.verification.headChainHash });
    expect(failed.code).toBe(4);
    expect(failed.stdout).toContain('version 3 does not verify (record)');
  });

  it('refuses --all with --format bundle (exit 2)', async () => {
    expect((await redline('export', '--all', '--format', 'bundle')).code).toBe(2);
  });
});

describe('Command: redline serve', () => {
  it('prints the viewer URL and answers the API until interrupted', async () => {
    // Prepare
    const child = spawn('node', [BIN, 'serve', '--port', '0', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${output}`)), 60_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });

    // Act
    const stories = (await (await fetch(`${url}/stories`)).json()) as { items: { storyId: string }[] };
    const page = await (await fetch(`${url}/`)).text();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    expect(stories.items[0]?.storyId).toBe(STORY);
    expect(page).toContain('<title>Redline</title>');
    expect(code).toBe(0);
  });
});

// Every exit code in the README's table, through the CLI as a user runs it.
describe('Exit codes (README table)', () => {
  it.each([
    [0, 'changes with --until now', ['changes', '--since', '365d', '--until', 'now'], /Changes .*: 5/],
    [1, 'an upload of a file that does not exist', ['upload', 'no-such-file.md', '--story', 'world/nothing'], /no-such-file\.md/],
    [2, 'diff --output with an unknown format', ['diff', STORY, '1', '2', '--output', 'bogus'], /argument 'bogus' is invalid/],
    [2, 'verify --expect-head that is not VERSION:HASH', ['verify', STORY, '--expect-head', '5:cafe'], /--expect-head takes VERSION:CHAINHASH/],
    [2, 'verify with neither a story nor --all', ['verify'], /name one story, or pass --all/],
    [2, 'an unknown option', ['stories', '--colour'], /unknown option '--colour'/],
    [3, 'verify of a story that does not exist', ['verify', 'no/such'], /no story "no\/such"/],
    [3, 'history of a story that does not exist', ['history', 'no/such'], /^$/],
  ])('exits %i for %s', async (code, _what, args, message) => {
    const result = await redline(...args);
    expect(result.code, result.stderr).toBe(code);
    expect(code === 0 ? result.stdout : result.stderr).toMatch(message);
  });

  it('exits 5 and prints the code and reason when an upload is recorded as rejected', async () => {
    // Prepare: a format Redline does not read
    const file = join(dataDir, 'story.pdf');
    writeFileSync(file, '%PDF-1.7 not a story');

    // Act
    const result = await redline('upload', file, '--story', 'zz/rejected-upload');

    // Assess
    expect(result.code).toBe(5);
    expect(result.stdout).toContain('recorded as version 1 (rejected)');
    expect(result.stderr).toMatch(/recorded as rejected \(unknown-format\): .+/);
  });
});
