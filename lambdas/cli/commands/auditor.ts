// CLI commands for auditors: stories, show, diff, changes, export, serve. They answer the same
// questions as the HTTP API through the same use cases (lambdas/app/queries.ts).
// Registering them loads commander only: the modules the actions run come from load() when one
// of them runs (ARCHITECTURE.md "CLI start-up"), so `redline --help` never loads an SDK client.
import type { WriteStream } from 'node:fs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { VersionRecord } from '../../core/ledger.ts';
import type { StorySummary } from '../../ports.ts';
import type { IndexCheck, QueryDeps } from '../../app/queries.ts';
import { CHANGE_KINDS } from '../../core/vocabulary.ts';
import type { Target } from '../target.ts';
import { withTargetOptions, type TargetOptions } from '../target-options.ts';
import { print } from '../output.ts';

/** What the auditor actions run: the query use cases, the target, the output formats. */
async function load() {
  const [fs, progress, evidence, logWiring, wiring, queries, httpApi, server, target, output, sideBySide, blackline] = await Promise.all([
    import('node:fs'),
    import('cli-progress').then((module) => module.default),
    import('../../app/evidence-bundle.ts'),
    import('../../app/log-wiring.ts'),
    import('../../app/query-wiring.ts'),
    import('../../app/queries.ts'),
    import('../../app/http-api.ts'),
    import('../../local/server.ts'),
    import('../target.ts'),
    import('../auditor-output.ts'),
    import('../side-by-side.ts'),
    import('../blackline.ts'),
  ]);
  return {
    createWriteStream: fs.createWriteStream,
    Presets: progress.Presets,
    SingleBar: progress.SingleBar,
    ...evidence,
    logDeps: logWiring.logDeps,
    ...wiring,
    ...queries,
    parseKinds: httpApi.parseKinds,
    startAuditorServer: server.startAuditorServer,
    openTarget: target.openTarget,
    ...output,
    ...sideBySide,
    ...blackline,
  };
}

import { EXIT_NOT_FOUND, EXIT_USAGE } from '../exit-codes.ts';

async function versionArgument(value: string): Promise<number> {
  const { InvalidQueryError } = await load();
  if (!/^[1-9]\d{0,9}$/.test(value)) throw new InvalidQueryError('version', `"${value}" is not a version number (1, 2, 3…)`);
  return Number(value);
}

async function widthArgument(value: string): Promise<number> {
  const { InvalidQueryError } = await load();
  if (!/^\d{2,4}$/.test(value) || Number(value) < 40) throw new InvalidQueryError('width', `--width takes a number of columns, 40 or more; got "${value}"`);
  return Number(value);
}

function usageError(message: string): void {
  console.error(`redline: ${message}`);
  process.exitCode = EXIT_USAGE;
}

function portArgument(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return port;
}

/** Opens the target, runs the command with the auditor use cases, maps their errors to exit codes. */
async function withQueries(options: TargetOptions, action: (deps: QueryDeps, target: Target) => Promise<void>): Promise<void> {
  const { openTarget, queryDeps, InvalidQueryError, NotFoundError } = await load();
  const target = await openTarget(options);
  try {
    await action(queryDeps(target.clients, { tableName: target.tableName, archiveBucket: target.archiveBucket }), target);
  } catch (error) {
    if (error instanceof InvalidQueryError) {
      console.error(`redline: ${error.message}`);
      process.exitCode = EXIT_USAGE;
    } else if (error instanceof NotFoundError) {
      console.error(`redline: ${error.message}`);
      process.exitCode = EXIT_NOT_FOUND;
    } else {
      throw error;
    }
  } finally {
    await target.close();
  }
}

async function allStories(deps: QueryDeps): Promise<StorySummary[]> {
  const { listStories } = await load();
  const stories: StorySummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await listStories(deps, { limit: 200, cursor });
    stories.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return stories;
}

async function* storyRecords(deps: QueryDeps, storyId: string): AsyncGenerator<VersionRecord> {
  const { storyHistory } = await load();
  let cursor: string | undefined;
  do {
    const page = await storyHistory(deps, storyId, { order: 'oldest', limit: 200, cursor });
    yield* page.items;
    cursor = page.cursor;
  } while (cursor);
}

/** Writes to --out FILE, or stdout; resolves once everything is flushed. */
async function openOutput(file: string | undefined): Promise<{ write(text: string): Promise<void>; end(): Promise<void> }> {
  const { createWriteStream } = await load();
  const stream: NodeJS.WritableStream = file ? createWriteStream(file) : process.stdout;
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (stream.write(text)) return resolve();
      stream.once('drain', resolve);
      stream.once('error', reject);
    });
  const end = () => (file ? new Promise<void>((resolve, reject) => (stream as WriteStream).end(() => resolve()).once('error', reject)) : Promise.resolve());
  return { write, end };
}

export function registerAuditorCommands(program: Command): void {
  withTargetOptions(
    program
      .command('stories')
      .description('list stories, most recently changed first')
      .option('--json', 'print the story summaries as JSON'),
  ).action(async (options: TargetOptions & { json?: boolean }) =>
    withQueries(options, async (deps) => {
      const { formatStories } = await load();
      const stories = await allStories(deps);
      print(options.json ? JSON.stringify(stories, null, 2) : formatStories(stories));
    }),
  );

  withTargetOptions(
    program
      .command('show <story> <version>')
      .description("one version: its record and canonical text")
      .option('--json', 'print the record, canonical text and parsed document as JSON'),
  ).action(async (storyId: string, version: string, options: TargetOptions & { json?: boolean }) =>
    withQueries(options, async (deps) => {
      const { getVersion, formatVersion } = await load();
      const view = await getVersion(deps, storyId, await versionArgument(version));
      print(options.json ? JSON.stringify(view, null, 2) : formatVersion(view));
    }),
  );

  withTargetOptions(
    program
      .command('diff <story> <from> <to>')
      .description('the redline between any two versions of a story')
      .addOption(new Option('--output <format>', 'inline (terminal redline), side-by-side (two text columns sized to the terminal), unified (diff -u), html (fragment), pdf (a printable blackline, with --out; needs Chromium) or json').choices(['inline', 'side-by-side', 'unified', 'html', 'pdf', 'json']).default('inline'))
      .option('--width <columns>', 'width of --output side-by-side (default: the terminal, else 100)')
      .option('--out <file>', 'write the PDF here (--output pdf)')
      .option('--json', 'same as --output json')
      .option('--no-color', 'no ANSI colours in the inline redline (default: colours on a terminal)'),
  ).action(async (storyId: string, from: string, to: string, options: TargetOptions & { output: string; json?: boolean; color: boolean; width?: string; out?: string }) =>
    withQueries(options, async (deps) => {
      const { compareVersions, renderComparison, InvalidQueryError, verificationStatus, printPdf, blacklineHtml, wrapPlain, formatComparisonHeader, formatSideBySide, sideLabel } = await load();
      const comparison = await compareVersions(deps, storyId, await versionArgument(from), await versionArgument(to));
      const output = options.json ? 'json' : options.output;
      if (output === 'json') {
        const { before: _b, after: _a, ...rest } = comparison;
        print(JSON.stringify({ ...rest, html: renderComparison(comparison, 'html') }, null, 2));
        return;
      }
      const color = options.color && process.stdout.isTTY === true;
      if (output === 'pdf') {
        if (!options.out) throw new InvalidQueryError('out', '--output pdf writes a file: name it with --out FILE.pdf');
        const verification = await verificationStatus(deps, storyId);
        await printPdf(blacklineHtml(comparison, renderComparison(comparison, 'html'), verification, new Date().toISOString()), options.out);
        console.error(`wrote the blackline of ${storyId} v${comparison.from.version} → v${comparison.to.version} to ${options.out}`);
        return;
      }
      if (output === 'side-by-side') {
        const width = options.width !== undefined ? await widthArgument(options.width) : (process.stdout.columns ?? 100);
        process.stdout.write(wrapPlain(formatComparisonHeader(comparison), width));
        process.stdout.write(formatSideBySide(renderComparison(comparison, 'side-by-side'), { width, color, labels: [sideLabel(comparison.from), sideLabel(comparison.to)] }));
        return;
      }
      const rendered = renderComparison(comparison, output as 'inline' | 'unified' | 'html', { color });
      if (output === 'inline') process.stdout.write(formatComparisonHeader(comparison));
      process.stdout.write(rendered);
    }),
  );

  withTargetOptions(
    program
      .command('changes')
      .description('versions of every story in a time window, newest first')
      .option('--since <time>', 'start: ISO time, date (2026-11-24) or age (90m, 24h, 7d); default 7 days ago')
      .option('--until <time>', 'end (exclusive), same forms; default now')
      .option('--kind <kinds>', `only these kinds of change, comma-separated: ${CHANGE_KINDS.join(', ')}`)
      .option('--stealth', 'only stealth edits (substantive, no update or correction note)')
      .option('--editor <name>', 'only this editor (exact, case-insensitive)')
      .option('--oldest-first', 'oldest first')
      .option('--json', 'print the version records as JSON'),
  ).action(
    async (options: TargetOptions & { since?: string; until?: string; kind?: string; stealth?: boolean; editor?: string; oldestFirst?: boolean; json?: boolean }) =>
      withQueries(options, async (deps) => {
        const { parseKinds, listChanges, formatChanges, indexCheckWarning, withMissing } = await load();
        const kinds = parseKinds(options.kind);
        const filter = { ...(kinds ? { kinds } : {}), ...(options.stealth ? { stealth: true } : {}), ...(options.editor ? { editor: options.editor } : {}) };
        const listed: VersionRecord[] = [];
        let cursor: string | undefined;
        let window = { since: '', until: '' };
        let indexCheck: IndexCheck | undefined;
        do {
          const page = await listChanges(deps, { since: options.since, until: options.until, filter, order: options.oldestFirst ? 'oldest' : 'newest', limit: 200, cursor });
          listed.push(...page.items);
          window = page.window;
          cursor = page.cursor;
          indexCheck ??= page.indexCheck;
        } while (cursor);
        // Versions whose index keys were removed are listed from the story records, and said to be.
        const records = withMissing(listed, indexCheck, !options.oldestFirst);
        const warning = indexCheckWarning(indexCheck);
        if (warning) console.error(`redline: ${warning}`);
        print(options.json ? JSON.stringify({ window, items: records, ...(indexCheck ? { indexCheck } : {}) }, null, 2) : formatChanges(records, window));
      }),
  );

  withTargetOptions(
    program
      .command('export [story]')
      .description('export a story (or --all) as JSON Lines, CSV, or an evidence bundle to re-verify offline')
      .option('--all', 'every story (jsonl or csv)')
      .addOption(new Option('--format <format>', 'jsonl (one record per line), csv (one row per version) or bundle (one story: records, texts, verification)').choices(['jsonl', 'csv', 'bundle']).default('jsonl'))
      .option('--out <file>', 'write to this file instead of stdout'),
  ).action(async (storyId: string | undefined, options: TargetOptions & { all?: boolean; format: 'jsonl' | 'csv' | 'bundle'; out?: string }) => {
    if (!storyId === !options.all) return usageError('name one story, or pass --all');
    if (options.all && options.format === 'bundle') return usageError('an evidence bundle holds one story: name it (export <story> --format bundle)');
    await withQueries(options, async (deps, target) => {
      const { buildEvidenceBundle, logDeps, NotFoundError, storyHistory, SingleBar, Presets, csvHeader, csvRow } = await load();
      if (options.format === 'bundle') {
        const bundle = await buildEvidenceBundle(storyId!, { ...deps, log: logDeps(target.clients.documents, target.tableName) }, { exportedFrom: target.description });
        if (bundle.records.length === 0) throw new NotFoundError(`no story "${storyId}"`);
        const out = await openOutput(options.out);
        await out.write(`${JSON.stringify(bundle, null, 2)}\n`);
        await out.end();
        if (options.out) console.error(`wrote ${bundle.records.length} versions of ${storyId} to ${options.out} (head ${bundle.verification.headChainHash}, ${bundle.verification.ok ? 'verified' : 'DOES NOT VERIFY'})`);
        return;
      }
      const stories = storyId ? [{ storyId, latestVersion: 0 }] : await allStories(deps);
      if (storyId) await storyHistory(deps, storyId, { limit: 1 }); // 404 before writing anything
      const out = await openOutput(options.out);
      const bar = options.all ? new SingleBar({ format: 'export [{bar}] {value}/{total} versions | {story}', hideCursor: true, stream: process.stderr }, Presets.shades_classic) : undefined;
      bar?.start(stories.reduce((sum, s) => sum + s.latestVersion, 0), 0, { story: '' });
      let count = 0;
      try {
        if (options.format === 'csv') await out.write(csvHeader());
        for (const story of stories) {
          for await (const record of storyRecords(deps, story.storyId)) {
            await out.write(options.format === 'csv' ? csvRow(record) : `${JSON.stringify(record)}\n`);
            count++;
            bar?.increment(1, { story: story.storyId });
          }
        }
      } finally {
        bar?.stop();
        await out.end();
      }
      if (options.out) console.error(`wrote ${count} versions of ${stories.length} ${stories.length === 1 ? 'story' : 'stories'} to ${options.out}`);
    });
  });

  withTargetOptions(
    program
      .command('serve')
      .description('serve the web viewer and the read-only API against the configured target until stopped')
      .addOption(new Option('--port <port>', 'port to listen on (0: any free port)').argParser(portArgument).default(4570))
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .addOption(new Option('--public-url <url>', 'URL auditors reach this server at, when not the listening address (feed links; the one other Host answered)').env('REDLINE_PUBLIC_URL')),
  ).action(async (options: TargetOptions & { port: number; host: string; publicUrl?: string }) => {
    const { openTarget, queryDeps, startAuditorServer } = await load();
    const target = await openTarget(options);
    const deps = queryDeps(target.clients, { tableName: target.tableName, archiveBucket: target.archiveBucket });
    const server = await startAuditorServer(deps, {
      port: options.port,
      host: options.host,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      onError: (error) => console.error('request failed:', error),
    });
    print(`Redline viewer and API for ${target.description}:`);
    print(`  ${server.url}/`);
    print(`  API description: ${server.url}/openapi.json`);
    print('Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await target.close();
  });
}
