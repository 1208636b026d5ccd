// `redline import` through the real stand-ins (s3rver + dynalite via the SDK clients): a folder
// tree, JSON Lines and a git history recorded in the archive's order, exactly once, bad input
// recorded as rejected or reported, resumable after a crash at any step, and concurrent imports of
// one archive recording each revision once.
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importArchive } from '../../lambdas/app/import.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { folderArchive, gitArchive, jsonLinesArchive } from '../../lambdas/adapters/revision-archives.ts';
import { embeddedHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';
import { canonicalHash, expectIntactChain, withFaultAt } from '../support/ledger-suite.ts';

const run = promisify(execFile);

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

describe('Use case: importArchive (embedded stand-ins)', () => {
  let harness: Harness;
  let dir: string;
  const versions = (storyId: string) => versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);

  beforeAll(async () => {
    harness = await embeddedHarness('import');
    dir = mkdtempSync(join(tmpdir(), 'redline-import-'));
  });
  afterAll(async () => {
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records a folder tree in name order with the manifest times, and a second run records nothing', async () => {
    // Prepare: 2, 10 and 1 sort as numbers; a nested folder is its own story; stray files
    const root = join(dir, 'folder');
    const bodies = ['Quake hits coast\n\nAt least 12 people died.', 'Quake hits coast\n\nAt least 19 people died.', 'Quake hits coast\n\nAt least 31 people died.'];
    write(join(root, 'world/quake/1.txt'), bodies[0]!);
    write(join(root, 'world/quake/2.txt'), bodies[1]!);
    write(join(root, 'world/quake/10.txt'), bodies[2]!);
    write(join(root, 'world/quake/aftershock/1.md'), '# Aftershock\n\nA 5.1 aftershock struck at dawn.');
    write(join(root, 'world/quake/notes.docx'), 'binary-ish');
    write(join(root, 'world/quake/.DS_Store'), 'x');
    write(join(root, 'stray.txt'), 'no story');
    write(join(root, 'manifest.json'), JSON.stringify({
      'world/quake/1.txt': { time: '2024-03-01T08:00:00Z', editor: 'Ana Ruiz', note: 'First version' },
      'world/quake/2.txt': { time: '2024-03-01T09:30:00+01:00', editor: 'Ana Ruiz', note: 'Update: toll 19' },
      'world/quake/10.txt': { time: 'yesterday' },
      'world/quake/missing.txt': { time: '2024-03-01T10:00:00Z' },
    }));
    // Act
    const first = await importArchive(folderArchive(root), harness.deps);
    const second = await importArchive(folderArchive(root), harness.deps);
    // Assess
    const records = await versions('world/quake');
    expect(records.map((r) => [r.source.key, r.status])).toEqual([
      ['world/quake/1.txt', 'recorded'],
      ['world/quake/2.txt', 'recorded'],
      ['world/quake/10.txt', 'rejected'],
      ['world/quake/notes.docx', 'rejected'],
    ]);
    expect(records.slice(0, 2).map((r) => r.sha256)).toEqual(bodies.slice(0, 2).map((body) => canonicalHash(body)));
    expect(records.slice(0, 2).map((r) => [r.revisionTime, r.eventTime, r.editor, r.note])).toEqual([
      ['2024-03-01T08:00:00.000Z', '2024-03-01T08:00:00.000Z', 'Ana Ruiz', 'First version'],
      ['2024-03-01T08:30:00.000Z', '2024-03-01T08:30:00.000Z', 'Ana Ruiz', 'Update: toll 19'],
    ]);
    expect(records[0]!.recordedAt > records[0]!.revisionTime!).toBe(true);
    expect(records[2]!.rejection?.reason).toContain('"yesterday"');
    expect(records[3]!.rejection?.code).toBe('unknown-format');
    expectIntactChain(records);
    expect((await verifyStory('world/quake', harness.deps)).ok).toBe(true);
    expect((await versions('world/quake/aftershock')).map((r) => r.status)).toEqual(['recorded']);
    expect(first).toMatchObject({ stories: 2, revisions: 5, recorded: 5, rejected: 2, alreadyRecorded: 0 });
    expect(first.problems.map((p) => p.where)).toEqual(['stray.txt', 'manifest: world/quake/missing.txt']);
    expect(second).toMatchObject({ recorded: 0, alreadyRecorded: 5 });
    expect(await versions('world/quake')).toEqual(records);
  });

  it('records JSON Lines per story in line order, rejects bad entries and reports lines that name no story', async () => {
    // Prepare: two stories interleaved, a repeated entry, bad lines
    const file = join(dir, 'feed.jsonl');
    const line = (storyId: string, count: number, extra: Record<string, unknown> = {}) =>
      JSON.stringify({ storyId, time: `2023-05-0${count % 9}T12:00:00Z`, editor: 'Desk', format: 'text', content: `Flood warning\n\nThe river rose ${count} cm overnight.`, ...extra });
    writeFileSync(
      file,
      [
        line('jsonl/flood', 1),
        line('jsonl/storm', 2),
        '{ not json',
        line('jsonl/flood', 3),
        JSON.stringify({ time: '2023-05-01T00:00:00Z', content: 'x' }),
        line('jsonl/flood', 3),
        line('jsonl/storm', 4, { format: 'docx' }),
        line('jsonl/storm', 5, { content: 42 }),
        line('jsonl/flood', 6, { time: 'May 6' }),
        '',
      ].join('\n'),
    );
    // Act
    const result = await importArchive(jsonLinesArchive(file), harness.deps, { concurrency: 2 });
    const again = await importArchive(jsonLinesArchive(file), harness.deps, { concurrency: 2 });
    // Assess
    const flood = await versions('jsonl/flood');
    expect(flood.map((r) => [r.source.key, r.status])).toEqual([
      ['feed.jsonl:1', 'recorded'],
      ['feed.jsonl:4', 'recorded'],
      ['feed.jsonl:6', 'unchanged'],
      ['feed.jsonl:9', 'rejected'],
    ]);
    expect(flood[0]!.revisionTime).toBe('2023-05-01T12:00:00.000Z');
    expect((await versions('jsonl/storm')).map((r) => [r.status, r.rejection?.code])).toEqual([
      ['recorded', undefined],
      ['rejected', 'unknown-format'],
      ['rejected', 'unparseable'],
    ]);
    expect(result.problems.map((p) => p.where)).toEqual(['feed.jsonl:3', 'feed.jsonl:5']);
    expect(result.problems[1]!.reason).toBe('no "storyId" string');
    expect(result).toMatchObject({ stories: 2, revisions: 7, recorded: 7, rejected: 3 });
    expect(again).toMatchObject({ recorded: 0, alreadyRecorded: 7 });
  });

  it('records a git history per file with commit time, author and message, and only new commits on a re-run', async () => {
    // Prepare
    const repo = join(dir, 'repo');
    mkdirSync(repo);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, env: { ...process.env, GIT_AUTHOR_NAME: 'Bo Lind', GIT_AUTHOR_EMAIL: 'bo@example.org', GIT_COMMITTER_NAME: 'Bo Lind', GIT_COMMITTER_EMAIL: 'bo@example.org' } });
    const commit = (message: string, date: string) => git('-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty-message', '-m', message, '--date', date, ...[]);
    git('init', '-q');
    write(join(repo, 'articles/metro/bridge.md'), '# Bridge closed\n\nThe bridge will reopen on Friday.');
    write(join(repo, 'README.md'), 'not a story');
    git('add', '.');
    process.env.GIT_COMMITTER_DATE = '2022-01-10T10:00:00Z';
    commit('Bridge story', '2022-01-10T10:00:00Z');
    write(join(repo, 'articles/metro/bridge.md'), '# Bridge closed\n\nThe bridge will reopen on Monday.');
    write(join(repo, 'articles/metro/tunnel.md'), '# Tunnel\n\nThe tunnel is open.');
    git('add', '.');
    process.env.GIT_COMMITTER_DATE = '2022-01-11T10:00:00Z';
    commit('Reopening moved to Monday', '2022-01-11T10:00:00Z');
    git('rm', '-q', 'articles/metro/tunnel.md');
    process.env.GIT_COMMITTER_DATE = '2022-01-12T10:00:00Z';
    commit('Tunnel story withdrawn', '2022-01-12T10:00:00Z');
    // Act
    const first = await importArchive(gitArchive(repo, 'articles/**/*.md'), harness.deps);
    write(join(repo, 'articles/metro/bridge.md'), '# Bridge closed\n\nThe bridge will reopen on Tuesday.');
    git('add', '.');
    process.env.GIT_COMMITTER_DATE = '2022-01-13T10:00:00Z';
    commit('Tuesday now', '2022-01-13T10:00:00Z');
    delete process.env.GIT_COMMITTER_DATE;
    const second = await importArchive(gitArchive(repo, 'articles/**/*.md'), harness.deps);
    // Assess
    const bridge = await versions('metro/bridge');
    expect(bridge.map((r) => [r.status, r.revisionTime, r.editor, r.note, r.source.eventName])).toEqual([
      ['recorded', '2022-01-10T10:00:00.000Z', 'Bo Lind', 'Bridge story', 'Import:git'],
      ['recorded', '2022-01-11T10:00:00.000Z', 'Bo Lind', 'Reopening moved to Monday', 'Import:git'],
      ['recorded', '2022-01-13T10:00:00.000Z', 'Bo Lind', 'Tuesday now', 'Import:git'],
    ]);
    expect((await versions('metro/tunnel')).map((r) => r.status)).toEqual(['recorded', 'deleted']);
    expect(first).toMatchObject({ stories: 2, revisions: 4, recorded: 4 });
    expect(second).toMatchObject({ revisions: 5, recorded: 1, alreadyRecorded: 4 });
    expect((await verifyStory('metro/bridge', harness.deps)).ok).toBe(true);
  });

  it('finishes after a crash at any step with the same ledger as an uninterrupted import', async () => {
    // Prepare: count the port calls of an uninterrupted import of one story, three revisions
    const archiveOf = (storyId: string) => {
      const root = join(dir, 'crash', storyId);
      ['Fire downtown\n\nTwo blocks evacuated.', 'Fire downtown\n\nFour blocks evacuated.', 'Fire downtown\n\nTwo blocks evacuated.'].forEach((body, i) => write(join(root, storyId, `${i + 1}.txt`), body));
      return folderArchive(root);
    };
    const clean = withFaultAt(harness.deps, Number.POSITIVE_INFINITY);
    await importArchive(archiveOf('crash-clean'), clean.deps);
    const expected = (await versions('crash-clean')).map((r) => [r.version, r.status, r.sha256, r.revertOf]);
    expect(expected.map((e) => e[1])).toEqual(['recorded', 'recorded', 'revert']);
    // Act + Assess: crash at every call in turn, then import again
    for (let failAt = 1; failAt <= clean.calls(); failAt++) {
      const storyId = `crash-at-${failAt}`;
      const faulty = withFaultAt(harness.deps, failAt);
      await expect(importArchive(archiveOf(storyId), faulty.deps)).rejects.toThrow(`injected crash at call ${failAt}`);
      await importArchive(archiveOf(storyId), harness.deps);
      const records = await versions(storyId);
      expect(records.map((r) => [r.version, r.status, r.sha256, r.revertOf]), `crash at call ${failAt}`).toEqual(expected);
      expectIntactChain(records);
    }
  });

  it('records each revision once when the same archive is imported three times at once', async () => {
    // Prepare
    const root = join(dir, 'race');
    for (let i = 1; i <= 12; i++) write(join(root, 'race/count', `${i}.txt`), `Vote count\n\nPrecinct ${i} reports ${1000 + i * 7} ballots.`);
    // Act
    const results = await Promise.all([1, 2, 3].map(() => importArchive(folderArchive(root), harness.deps)));
    // Assess
    const records = await versions('race/count');
    expect(records.map((r) => r.source.key)).toEqual(Array.from({ length: 12 }, (_, i) => `race/count/${i + 1}.txt`));
    expectIntactChain(records);
    expect(results.reduce((sum, r) => sum + r.recorded, 0)).toBe(12);
  });
});

describe('Command: redline import', () => {
  it('imports JSON Lines into the embedded store and prints a JSON summary; exit 1 names the lines it could not record', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'redline-import-cli-'));
    try {
      const file = join(dir, 'archive.jsonl');
      writeFileSync(file, `${JSON.stringify({ storyId: 'cli/story', time: '2021-02-03T04:05:06Z', content: 'Headline\n\nBody text.' })}\nnot json\n`);
      const bin = join(import.meta.dirname, '../../bin/redline.js');
      // Act
      const failed = await run(process.execPath, [bin, 'import', file, '--json', '--data-dir', join(dir, 'data')]).then(
        () => undefined,
        (error: { code: number; stdout: string; stderr: string }) => error,
      );
      // Assess
      expect(failed?.code).toBe(1);
      expect(JSON.parse(failed!.stdout)).toMatchObject({ stories: 1, revisions: 1, recorded: 1, alreadyRecorded: 0, problems: [{ where: 'archive.jsonl:2' }] });
      expect(failed!.stderr).toContain('not recorded: archive.jsonl:2');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
