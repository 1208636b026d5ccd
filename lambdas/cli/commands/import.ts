// CLI command that records an existing archive of revisions: import (folder tree, git history, JSON Lines).
// Registering it loads commander only; the action imports what it runs (ARCHITECTURE.md "CLI start-up").
import { InvalidArgumentError, Option, type Command } from 'commander';
import { withTargetOptions, type TargetOptions } from '../target-options.ts';
import { print } from '../output.ts';
import { EXIT_ERROR, EXIT_REJECTED, UsageError } from '../exit-codes.ts';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 256) throw new InvalidArgumentError('must be a whole number from 1 to 256');
  return parsed;
}

type ImportOptions = TargetOptions & { from?: 'folder' | 'git' | 'jsonl'; path?: string; manifest?: string; concurrency: number; json?: boolean };

export function registerImportCommands(program: Command): void {
  withTargetOptions(
    program
      .command('import <source>')
      .description('record an archive of revisions — a folder tree, a git history, JSON Lines — in order, once; running it again records only what is new')
      .addOption(new Option('--from <kind>', 'folder (<dir>/<storyId>/<revision files>), git (a repository; needs --path) or jsonl (one revision per line); default: from <source>').choices(['folder', 'git', 'jsonl']))
      .option('--path <pattern>', 'git: the files that are stories, a glob such as "stories/**/*.md"; the story id is the path below its fixed folders')
      .option('--manifest <file>', 'folder: JSON object keyed by file path with { time, editor, note } (default: <dir>/manifest.json when present)')
      .addOption(new Option('--concurrency <n>', 'stories recorded at once').argParser(positiveInteger).default(8))
      .option('--json', 'print the summary as JSON'),
  ).action(async (source: string, options: ImportOptions) => {
    const [{ stat }, archives, { importArchive }, { openTarget }, { Presets, SingleBar }] = await Promise.all([
      import('node:fs/promises'),
      import('../../adapters/revision-archives.ts'),
      import('../../app/import.ts'),
      import('../target.ts'),
      import('cli-progress').then((module) => module.default),
    ]);
    const found = await stat(source).catch(() => undefined);
    if (!found) throw new UsageError(`no file or folder "${source}"`);
    const from = options.from ?? (options.path ? 'git' : found.isDirectory() ? 'folder' : 'jsonl');
    if (from === 'git' && !options.path) throw new UsageError('--from git needs --path <pattern> (e.g. "stories/**/*.md")');
    if (from !== 'git' && options.path) throw new UsageError('--path applies to git imports only');
    if (from !== 'folder' && options.manifest) throw new UsageError('--manifest applies to folder imports only');
    if ((from === 'jsonl') === found.isDirectory()) throw new UsageError(from === 'jsonl' ? `${source} is a folder; JSON Lines come in a file` : `${source} is a file; a ${from} import reads a folder`);
    const archive =
      from === 'git' ? archives.gitArchive(source, options.path!) : from === 'folder' ? archives.folderArchive(source, options.manifest ? { manifest: options.manifest } : {}) : archives.jsonLinesArchive(source);

    const target = await openTarget(options);
    const bar = new SingleBar(
      { format: 'import [{bar}] {percentage}% | {value}/{total} revisions | {rate}/s | ETA {eta_formatted} | {story}', stream: process.stderr, hideCursor: true, etaBuffer: 200 },
      Presets.shades_classic,
    );
    const started = performance.now();
    try {
      const result = await importArchive(archive, target.deps, {
        concurrency: options.concurrency,
        onPlan: (plan) => bar.start(plan.revisions, 0, { rate: '0', story: '' }),
        onProgress: (progress) => bar.update(progress.done, { rate: (progress.recorded / ((performance.now() - started) / 1000)).toFixed(1), story: progress.storyId }),
      });
      bar.stop();
      if (options.json) {
        print(JSON.stringify({ ...result, seconds: Number(result.seconds.toFixed(3)), revisionsPerSecond: Number(result.revisionsPerSecond.toFixed(1)) }, null, 2));
      } else {
        print(
          `import: ${result.revisions} revisions of ${result.stories} ${result.stories === 1 ? 'story' : 'stories'} from ${result.source}: ` +
            `${result.recorded} recorded (${result.rejected} rejected), ${result.alreadyRecorded} already in the ledger, ` +
            `${result.seconds.toFixed(1)} s, ${result.revisionsPerSecond.toFixed(1)} revisions/s`,
        );
      }
      for (const problem of result.problems) console.error(`redline: not recorded: ${problem.where}: ${problem.reason}`);
      if (result.problems.length > 0) process.exitCode = EXIT_ERROR;
      else if (result.rejected > 0) process.exitCode = EXIT_REJECTED;
    } catch (error) {
      if (error instanceof archives.ArchiveUnreadableError) throw new UsageError(error.message);
      throw error;
    } finally {
      bar.stop();
      await target.close();
    }
  });
}
