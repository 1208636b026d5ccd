// CLI commands that run or feed the pipeline: start, demo, upload, history.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { formatHistory, readHistory } from '../history.ts';
import { runDemo, runStart } from '../local-commands.ts';
import { openTarget, withTargetOptions, type TargetOptions } from '../target.ts';
import { uploadRevision } from '../upload.ts';
import { ingestConfigFromEnv } from '../../config.ts';
import { consoleLog, print } from '../output.ts';

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new InvalidArgumentError('must be a port number (0–65535)');
  return parsed;
}

export function registerPipelineCommands(program: Command): void {
  program
    .command('start')
    .description('run Redline locally on the embedded S3 and DynamoDB stand-ins until stopped')
    .addOption(new Option('--data-dir <dir>', 'where the embedded store keeps its data').env('REDLINE_DATA_DIR').default('.redline'))
    .addOption(new Option('--s3-port <port>', 'port of the embedded S3 endpoint').argParser(port).default(4568))
    .addOption(new Option('--dynamodb-port <port>', 'port of the embedded DynamoDB endpoint').argParser(port).default(4567))
    .option('--no-demo', 'do not record the bundled demo story on first start')
    .action(async (options: { dataDir: string; s3Port: number; dynamodbPort: number; demo: boolean }) => {
      await runStart(options, print, consoleLog);
    });

  program
    .command('demo')
    .description('record the bundled demo story in a temporary embedded store, print its history, exit')
    .action(async () => runDemo(print));

  withTargetOptions(
    program
      .command('upload <file>')
      .description('upload one revision of a story (editor and note travel as x-amz-meta-* metadata)')
      .requiredOption('--story <id>', 'story id, e.g. world/valdera-earthquake')
      .option('--editor <name>', 'who made this revision')
      .option('--note <text>', 'the revision note (e.g. "Update 12:00: toll revised")'),
  ).action(async (file: string, options: TargetOptions & { story: string; editor?: string; note?: string }) => {
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
      if (target.embedded) {
        await target.embedded.idle();
        const latest = await target.deps.ledger.latest(options.story);
        if (latest) print(`recorded as version ${latest.version} (${latest.status})`);
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
    const target = await openTarget(options);
    try {
      const records = await readHistory(target.deps.ledger, storyId);
      print(options.json ? JSON.stringify(records, null, 2) : formatHistory(storyId, records));
      if (records.length === 0) process.exitCode = 3;
    } finally {
      await target.close();
    }
  });
}
