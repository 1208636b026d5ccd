// CLI commands that build, feed and check the ledger: init, ingest-event, worker, backfill, verify.
// Registering them loads commander only; each action imports what it runs (ARCHITECTURE.md "CLI start-up").
import { Option, type Command } from 'commander';
import type { StoryVerification } from '../../app/verify.ts';
import { TargetConfigurationError, withTargetOptions, type TargetOptions } from '../target-options.ts';
import { consoleLog, print } from '../output.ts';
import { EXIT_NOT_FOUND, EXIT_VERIFICATION_FAILED, UsageError } from '../exit-codes.ts';

/** `VERSION:CHAINHASH`, or `STORY@VERSION:CHAINHASH` (required with --all, where an anchor must name its story). */
function parseExpectHead(value: string, all: boolean): { storyId?: string; version: number; chainHash: string } {
  const match = /^(?:(.+)@)?(\d+):([0-9a-f]{64})$/.exec(value);
  if (!match) throw new UsageError(`--expect-head takes VERSION:CHAINHASH (64 hex digits), or STORY@VERSION:CHAINHASH; got "${value}"`);
  if (all && match[1] === undefined) throw new UsageError('with --all, --expect-head must name its story: STORY@VERSION:CHAINHASH');
  return { ...(match[1] !== undefined ? { storyId: match[1] } : {}), version: Number(match[2]), chainHash: match[3]! };
}

export function registerLedgerCommands(program: Command): void {
  withTargetOptions(
    program
      .command('init')
      .description('create the upload and archive buckets and the ledger table (and optionally an SQS queue fed by the bucket); idempotent')
      .option('--with-queue', 'also create an SQS queue (with a dead-letter queue) and point the bucket notifications at it')
      .option('--queue-name <name>', 'name of the queue (default: <bucket>-notifications)')
      .option('--json', 'print what was created as JSON'),
  ).action(async (options: TargetOptions & { withQueue?: boolean; queueName?: string; json?: boolean }) => {
    const [{ openTarget }, { ensureBucket, ensureBucketNotifications, ensureNotificationQueue, ensureTable }, { ingestConfigFromEnv }] = await Promise.all([
      import('../target.ts'),
      import('../../adapters/provision.ts'),
      import('../../config.ts'),
    ]);
    const target = await openTarget(options);
    try {
      if (options.withQueue && target.embedded) {
        throw new TargetConfigurationError('the embedded store has no SQS; name an endpoint (--endpoint-url or --sqs-endpoint) to create a queue');
      }
      const upload = await ensureBucket(target.clients.s3, target.uploadBucket, { versioning: true });
      const archive = await ensureBucket(target.clients.s3, target.archiveBucket, { versioning: true });
      const table = await ensureTable(target.clients.dynamodb, target.tableName);
      const report: Record<string, unknown> = {
        uploadBucket: { name: target.uploadBucket, result: upload.result, versioned: upload.versioned },
        archiveBucket: { name: target.archiveBucket, result: archive.result, versioned: archive.versioned },
        table: { name: target.tableName, result: table },
      };
      if (options.withQueue) {
        const queue = await ensureNotificationQueue(target.clients.sqs, options.queueName ?? `${target.uploadBucket}-notifications`);
        await ensureBucketNotifications(target.clients.s3, target.uploadBucket, queue.queueArn, ingestConfigFromEnv().storyPrefix);
        report.queue = { url: queue.queueUrl, arn: queue.queueArn, deadLetterQueueUrl: queue.deadLetterQueueUrl, result: queue.result };
      }
      if (options.json) {
        print(JSON.stringify(report, null, 2));
      } else {
        for (const [what, detail] of Object.entries(report)) print(`${what}: ${JSON.stringify(detail)}`);
        if (!upload.versioned) print('note: the upload bucket does not keep versions on this endpoint; see README "Limits"');
      }
    } finally {
      await target.close();
    }
  });

  withTargetOptions(
    program.command('ingest-event <file>').description('run the ingest handler on a saved S3, SQS-wrapped or EventBridge event (replays, support cases)'),
  ).action(async (file: string, options: TargetOptions) => {
    const [{ readFile }, { openTarget }, { processIngestEvent }] = await Promise.all([import('node:fs/promises'), import('../target.ts'), import('../../app/process-event.ts')]);
    const event: unknown = JSON.parse(await readFile(file, 'utf8'));
    const target = await openTarget(options);
    try {
      const result = await processIngestEvent(event, target.deps, consoleLog);
      print(JSON.stringify(result, null, 2));
      if (!Array.isArray(result) && result.batchItemFailures.length > 0) process.exitCode = 1;
    } finally {
      await target.close();
    }
  });

  withTargetOptions(
    program
      .command('worker')
      .description('long-poll an SQS queue of S3 notifications and record them (Redline without Lambda)')
      .requiredOption('--queue-url <url>', 'the queue the upload bucket notifies')
      .option('--drain', 'exit once the queue stays empty'),
  ).action(async (options: TargetOptions & { queueUrl: string; drain?: boolean }) => {
    const [{ openTarget }, { runWorker }] = await Promise.all([import('../target.ts'), import('../../app/worker.ts')]);
    const target = await openTarget(options);
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const totals = await runWorker({
        sqs: target.clients.sqs,
        queueUrl: options.queueUrl,
        deps: target.deps,
        log: consoleLog,
        signal: abort.signal,
        ...(options.drain ? { drainAfterEmptyPolls: 2 } : {}),
      }).catch((error: unknown) => {
        if (abort.signal.aborted) return undefined;
        throw error;
      });
      if (totals) print(`worker: ${totals.messages} messages in ${totals.batches} batches, ${totals.failed} failed (left for retry / DLQ)`);
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await target.close();
    }
  });

  withTargetOptions(
    program
      .command('backfill')
      .description('walk the upload bucket (every object version where versioned) and record whatever the ledger is missing')
      .option('--prefix <prefix>', 'only keys under this prefix (default: the story prefix)')
      .option('--distributed', "with --stack: run the deployed Step Functions Distributed Map over the bucket's versions and follow it")
      .option('--inventory <s3-url>', "with --distributed: an S3 Inventory report's manifest.json (s3://<backfill bucket>/inventory/…) instead of listing the bucket")
      .option('--no-wait', 'with --distributed: start the execution, print its ARN and return')
      .option('--json', 'print the totals as JSON'),
  ).action(async (options: TargetOptions & { prefix?: string; distributed?: boolean; inventory?: string; wait: boolean; json?: boolean }) => {
    if (options.distributed) return distributedBackfill(options);
    if (options.inventory !== undefined || !options.wait) throw new UsageError('--inventory and --no-wait go with --distributed');
    const [{ openTarget }, { backfill }, { Presets, SingleBar }] = await Promise.all([
      import('../target.ts'),
      import('../../app/backfill.ts'),
      import('cli-progress').then((module) => module.default),
    ]);
    const target = await openTarget(options);
    const bar = new SingleBar({ format: 'backfill | {value} keys | {recorded} versions recorded | {key}', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
    try {
      bar.start(0, 0, { recorded: 0, key: '' });
      const totals = await backfill(target.deps, {
        bucket: target.uploadBucket,
        prefix: options.prefix,
        onProgress: (progress) => bar.update(progress.keys, { recorded: progress.recorded, key: progress.key }),
      });
      bar.stop();
      if (options.json) print(JSON.stringify(totals));
      else {
        print(
          `backfill: ${totals.keys} keys, ${totals.recorded} versions recorded (${totals.unarchived} restored from archive), ` +
            `${totals.duplicates} already in the ledger, ${totals.ignored} ignored, ${totals.stillArchived} still archived`,
        );
        for (const still of totals.stillArchivedVersions) print(`  still archived: ${still.storyId} ${still.detail}`);
      }
    } finally {
      bar.stop();
      await target.close();
    }
  });

  withTargetOptions(
    program
      .command('verify [story]')
      .description('recompute the hash chain of a story (or --all) from its records and the archived canonical texts')
      .option('--all', 'verify every story')
      .addOption(new Option('--expect-head <version:hash>', 'fail unless this version has this chain hash (an anchor published earlier)'))
      .option('--bundle <file>', 're-verify an evidence bundle (redline export --format bundle) offline, with no bucket or table')
      .option('--checkpoint <file>', 'also prove that the log extends this kept checkpoint and that every record is in the log (with --all: walk every leaf)')
      .addOption(new Option('--verifier-key <key>', "note verifier key to check checkpoints with (default: the log's own)").env('REDLINE_LOG_VERIFIER_KEY'))
      .option('--deep', "also re-read each record's S3 version and check that it normalizes to the record's sha256")
      .option('--json', 'print the results as JSON'),
  ).action(async (storyId: string | undefined, options: TargetOptions & { all?: boolean; expectHead?: string; bundle?: string; checkpoint?: string; verifierKey?: string; deep?: boolean; json?: boolean }) => {
    const anchor = options.expectHead ? parseExpectHead(options.expectHead, options.all === true) : undefined;
    if (anchor?.storyId !== undefined && storyId !== undefined && anchor.storyId !== storyId) {
      throw new UsageError(`--expect-head names story "${anchor.storyId}", not "${storyId}"`);
    }
    const expectHead = anchor ? { version: anchor.version, chainHash: anchor.chainHash } : undefined;
    const { readFile } = await import('node:fs/promises');
    if (options.bundle) {
      const [{ verifyBundle }, { formatBundleVerification }] = await Promise.all([import('../../app/evidence-bundle.ts'), import('../auditor-output.ts')]);
      if (storyId || options.all) throw new UsageError('--bundle verifies the story inside the bundle: name no story and no --all');
      const result = await verifyBundle(JSON.parse(await readFile(options.bundle, 'utf8')), { ...(expectHead ? { expectHead } : {}), ...(options.verifierKey ? { verifierKey: options.verifierKey } : {}) });
      print(options.json ? JSON.stringify(result, null, 2) : formatBundleVerification(result));
      if (!result.ok) process.exitCode = EXIT_VERIFICATION_FAILED;
      return;
    }
    if (!storyId === !options.all) throw new UsageError('name one story, or pass --all');
    const keptCheckpoint = options.checkpoint !== undefined ? await readFile(options.checkpoint, 'utf8') : undefined;
    const [{ openTarget }, { verifyStory }, { formatLogAudit, formatLogVerification, formatVerification }, { auditLog, checkStoryInLog, withLogCheck }, { logDeps }] =
      await Promise.all([
        import('../target.ts'),
        import('../../app/verify.ts'),
        import('../verify-output.ts'),
        import('../../app/transparency-log.ts'),
        import('../../app/log-wiring.ts'),
      ]);
    const target = await openTarget(options);
    try {
      if (keptCheckpoint !== undefined) {
        const log = { ...logDeps(target.clients.documents, target.tableName), ledger: target.deps.ledger };
        const logOptions = { keptCheckpoint, ...(options.verifierKey ? { verifierKey: options.verifierKey } : {}) };
        if (storyId) {
          const result = withLogCheck(await verifyStory(storyId, target.deps, expectHead ? { expectHead } : {}), await checkStoryInLog(storyId, log, logOptions));
          print(options.json ? JSON.stringify(result, null, 2) : formatLogVerification(result));
          if (!result.ok) process.exitCode = EXIT_VERIFICATION_FAILED;
        } else {
          const stories: StoryVerification[] = [];
          for await (const id of target.deps.ledger.storyIds()) stories.push(await verifyStory(id, target.deps));
          const audit = await auditLog(log, logOptions);
          print(options.json ? JSON.stringify({ stories, log: audit }, null, 2) : [...stories.map(formatVerification), formatLogAudit(audit)].join('\n'));
          if (stories.some((r) => !r.ok) || audit.problems.length > 0) process.exitCode = EXIT_VERIFICATION_FAILED;
        }
        return;
      }
      const results: StoryVerification[] = [];
      const deep = options.deep ? { deep: { revisions: target.deps.revisions, maxBytes: target.deps.config.maxRevisionBytes } } : {};
      if (storyId) {
        const result = await verifyStory(storyId, target.deps, { ...deep, ...(expectHead ? { expectHead } : {}) });
        if (result.versions === 0) {
          // A typo in an audit script must not pass as "OK, 0 versions".
          console.error(`redline: no story "${storyId}" in ${target.description}`);
          process.exitCode = EXIT_NOT_FOUND;
          return;
        }
        results.push(result);
      } else {
        // From the version records themselves: a deleted summary cannot hide a story.
        let anchored = false;
        for await (const id of target.deps.ledger.storyIds()) {
          const expect = anchor?.storyId === id ? { expectHead } : {};
          anchored ||= anchor?.storyId === id;
          results.push(await verifyStory(id, target.deps, { ...deep, ...expect }));
        }
        if (anchor && !anchored) {
          results.push({
            storyId: anchor.storyId!,
            ok: false,
            versions: 0,
            headChainHash: '',
            firstProblem: { version: anchor.version, kind: 'head', detail: `the anchored story "${anchor.storyId}" has no version records` },
          });
        }
      }
      print(options.json ? JSON.stringify(storyId ? results[0] : results, null, 2) : results.map(formatVerification).join('\n') || 'No stories recorded.');
      if (results.some((r) => !r.ok)) process.exitCode = EXIT_VERIFICATION_FAILED;
    } finally {
      await target.close();
    }
  });
}

/** `backfill --distributed`: manifest → StartExecution → follow the execution and its Map Run. */
async function distributedBackfill(options: TargetOptions & { prefix?: string; inventory?: string; wait: boolean; json?: boolean }): Promise<void> {
  if (!options.stack) throw new UsageError('--distributed runs the state machine of a deployed Redline: name it with --stack NAME');
  if (options.endpointUrl || options.s3Endpoint || options.dynamodbEndpoint) throw new UsageError('--distributed runs on AWS: drop the endpoint options');
  const [{ readBackfillStack, parseS3Url, startBackfill, followExecution }, { SFNClient }, { createS3Client }, { writeVersionListing }, { ingestConfigFromEnv }, { Presets, SingleBar }] = await Promise.all([
    import('../distributed-backfill.ts'),
    import('@aws-sdk/client-sfn'),
    import('../../adapters/clients.ts'),
    import('../../adapters/version-manifest.ts'),
    import('../../config.ts'),
    import('cli-progress').then((module) => module.default),
  ]);
  const inventory = options.inventory === undefined ? undefined : parseS3Url(options.inventory);
  if (options.inventory !== undefined && !inventory) throw new UsageError(`--inventory takes s3://bucket/key/manifest.json, got "${options.inventory}"`);
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const stack = await readBackfillStack(options.stack, region);
  const startedAt = new Date().toISOString().replace(/[:.]/g, '-');
  let manifest = inventory;
  if (!manifest) {
    const s3 = createS3Client({ region });
    try {
      manifest = { bucket: stack.backfillBucket, key: `manifests/${startedAt}.csv` };
      const listing = await writeVersionListing(s3, { bucket: stack.uploadBucket, prefix: options.prefix ?? ingestConfigFromEnv().storyPrefix, to: manifest });
      console.error(`backfill: listed ${listing.rows} versions of ${listing.keys} keys into s3://${manifest.bucket}/${manifest.key}`);
    } finally {
      s3.destroy();
    }
  }
  const sfn = new SFNClient({ region });
  try {
    const executionArn = await startBackfill(sfn, stack.stateMachineArn, { source: inventory ? 'inventory' : 'listing', manifest }, `backfill-${startedAt}`);
    if (!options.wait) {
      print(options.json ? JSON.stringify({ executionArn, manifest }) : `backfill: started ${executionArn}`);
      return;
    }
    const bar = new SingleBar({ format: 'backfill | {bar} | {value}/{total} batches | {failed} failed | {running} running', stream: process.stderr, noTTYOutput: false }, Presets.shades_classic);
    bar.start(0, 0, { failed: 0, running: 0 });
    const outcome = await followExecution(sfn, executionArn, {
      onProgress: (progress) => {
        if (!progress) return;
        bar.setTotal(progress.total);
        bar.update(progress.succeeded + progress.failed, { failed: progress.failed, running: progress.running });
      },
    }).finally(() => bar.stop());
    if (options.json) print(JSON.stringify(outcome, null, 2));
    else {
      const counts = outcome.progress ? `, ${outcome.progress.succeeded} of ${outcome.progress.total} batches recorded, ${outcome.progress.failed} failed` : '';
      print(`backfill: ${outcome.status}${counts}${outcome.report ? `; report s3://${outcome.report.bucket}/${outcome.report.key}` : ''}${outcome.error ? `; ${outcome.error}` : ''}`);
    }
    if (outcome.status !== 'SUCCEEDED' || (outcome.progress?.failed ?? 0) > 0) process.exitCode = 1;
  } finally {
    sfn.destroy();
  }
}
