// CLI commands that run or feed the pipeline: start, demo, upload, history.
// Registering them loads commander only; each action imports what it runs (ARCHITECTURE.md "CLI start-up").
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { VersionRecord } from '../../core/ledger.ts';
import type { Target } from '../target.ts';
import { withTargetOptions, type TargetOptions } from '../target-options.ts';
import { consoleLog, print } from '../output.ts';
import { EXIT_NOT_FOUND, EXIT_REJECTED } from '../exit-codes.ts';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return parsed;
}

/** How long `upload` waits for a running `redline start` to record the revision. */
const RECORD_WAIT_MS = 15_000;

/**
 * The ledger record of the revision just uploaded: at once on the embedded store, after polling
 * a running `redline start`; undefined elsewhere (on AWS, processing is asynchronous).
 */
async function recordedUpload(target: Target, storyId: string, versionId: string | undefined): Promise<VersionRecord | undefined> {
  if (target.embedded) {
    await target.embedded.idle();
    return target.deps.ledger.latest(storyId);
  }
  if (!target.local || !versionId) return undefined;
  const { setTimeout: delay } = await import('node:timers/promises');
  for (const deadline = Date.now() + RECORD_WAIT_MS; Date.now() < deadline; await delay(200)) {
    const latest = await target.deps.ledger.latest(storyId);
    if (latest?.source.versionId === versionId) return latest;
  }
  print(`not recorded within ${RECORD_WAIT_MS / 1000} s; see \`redline history ${storyId}\``);
  return undefined;
}

export function registerPipelineCommands(program: Command): void {
  program
    .command('start')
    .description('run Redline locally on the embedded S3 and DynamoDB stand-ins until stopped')
    .addOption(new Option('--data-dir <dir>', 'where the embedded store keeps its data').env('REDLINE_DATA_DIR').default('.redline'))
    .addOption(new Option('--s3-port <port>', 'port of the embedded S3 endpoint').argParser(port).default(4568))
    .addOption(new Option('--dynamodb-port <port>', 'port of the embedded DynamoDB endpoint').argParser(port).default(4567))
    .addOption(new Option('--port <port>', 'port of the web viewer and API (the same on every start, so permalinks and feed links keep working)').argParser(port).default(4570))
    .option('--host <address>', 'address the web viewer and API listen on', '127.0.0.1')
    .addOption(new Option('--public-url <url>', 'URL auditors reach the viewer at, when not the listening address (feed links; the one other Host answered)').env('REDLINE_PUBLIC_URL'))
    .option('--no-demo', 'do not record the bundled demo story on first start')
    .action(async (options: { dataDir: string; s3Port: number; dynamodbPort: number; port: number; host: string; publicUrl?: string; demo: boolean }) => {
      const { runStart } = await import('../local-commands.ts');
      await runStart({ ...options, viewerPort: options.port, viewerHost: options.host, viewerPublicUrl: options.publicUrl }, print, consoleLog);
    });

  program
    .command('demo')
    .description('record the bundled demo story in a temporary embedded store, print its history, exit')
    .action(async () => (await import('../local-commands.ts')).runDemo(print));

  withTargetOptions(
    program
      .command('upload <file>')
      .description('upload one revision of a story (editor and note travel as x-amz-meta-* metadata)')
      .requiredOption('--story <id>', 'story id, e.g. world/valdera-earthquake')
      .option('--editor <name>', 'who made this revision')
      .option('--note <text>', 'the revision note (e.g. "Update 12:00: toll revised")'),
  ).action(async (file: string, options: TargetOptions & { story: string; editor?: string; note?: string }) => {
    const [{ openTarget }, { uploadRevision }, { ingestConfigFromEnv }] = await Promise.all([import('../target.ts'), import('../upload.ts'), import('../../config.ts')]);
    const target = await openTarget(options);
    try {
      const uploaded = await uploadRevision(target.clients.s3, {
        file,
        storyId: options.story,
        editor: options.editor,
        note: options.note,
        bucket: target.uploadBucket,
        storyPrefix: ingestConfigFromEnv().storyPrefix,
      });
      print(`uploaded s3://${target.uploadBucket}/${uploaded.key}${uploaded.versionId ? ` (version ${uploaded.versionId})` : ''} to ${target.description}`);
      const recorded = await recordedUpload(target, options.story, uploaded.versionId);
      if (recorded) {
        print(`recorded as version ${recorded.version} (${recorded.status})`);
        if (recorded.rejection) {
          console.error(`redline: version ${recorded.version} was recorded as rejected (${recorded.rejection.code}): ${recorded.rejection.reason}`);
          process.exitCode = EXIT_REJECTED;
        }
      }
    } finally {
      await target.close();
    }
  });

  withTargetOptions(
    program
      .command('history <story>')
      .description("list a story's versions, oldest first")
      .option('--json', 'print the version records as JSON'),
  ).action(async (storyId: string, options: TargetOptions & { json?: boolean }) => {
    const [{ openTarget }, { formatHistory, readHistory }] = await Promise.all([import('../target.ts'), import('../history.ts')]);
    const target = await openTarget(options);
    try {
      const records = await readHistory(target.deps.ledger, storyId);
      print(options.json ? JSON.stringify(records, null, 2) : formatHistory(storyId, records));
      if (records.length === 0) process.exitCode = EXIT_NOT_FOUND;
    } finally {
      await target.close();
    }
  });
}
