// CLI commands of the transparency log: `redline log checkpoint | prove | consistency`.
// Registering them loads commander only; each action imports what it runs (ARCHITECTURE.md "CLI start-up").
import { Option, type Command } from 'commander';
import type { Target } from '../target.ts';
import { withTargetOptions, type TargetOptions } from '../target-options.ts';
import { print } from '../output.ts';
import type { SignerOptions } from '../log-signer.ts';
import { EXIT_ERROR, EXIT_NOT_FOUND, EXIT_USAGE, EXIT_VERIFICATION_FAILED } from '../exit-codes.ts';

type LogOptions = TargetOptions & { json?: boolean; verifierKey?: string };

/** Adds `--verifier-key`: the key an auditor trusts (default: the one the log names itself). */
export function withVerifierKeyOption(command: Command): Command {
  return command.addOption(new Option('--verifier-key <key>', "note verifier key to check checkpoints with (default: the log's own)").env('REDLINE_LOG_VERIFIER_KEY'));
}

/** Maps the log's errors to the CLI's exit codes: 2 bad input, 3 not (yet) in the log, 4 verification failed. */
export async function reportLogError(error: unknown): Promise<boolean> {
  const [{ CheckpointError }, { LogBusyError }, { LogVerificationError, NotInLogError }] = await Promise.all([
    import('../../core/checkpoint.ts'),
    import('../../core/errors.ts'),
    import('../../app/transparency-log.ts'),
  ]);
  if (error instanceof LogVerificationError) {
    console.error(`redline: FAILED (${error.kind}): ${error.message}`);
    process.exitCode = EXIT_VERIFICATION_FAILED;
  } else if (error instanceof CheckpointError && error.kind === 'malformed') {
    console.error(`redline: ${error.message}`);
    process.exitCode = EXIT_USAGE;
  } else if (error instanceof CheckpointError) {
    console.error(`redline: FAILED (${error.kind === 'wrong-origin' ? 'bad-signature' : error.kind}): ${error.message}`);
    process.exitCode = EXIT_VERIFICATION_FAILED;
  } else if (error instanceof NotInLogError) {
    console.error(`redline: ${error.message}`);
    process.exitCode = EXIT_NOT_FOUND;
  } else if (error instanceof LogBusyError) {
    console.error(`redline: ${error.message}`);
    process.exitCode = EXIT_ERROR;
  } else {
    return false;
  }
  return true;
}

async function withTarget(options: TargetOptions, work: (target: Target) => Promise<void>): Promise<void> {
  const { openTarget } = await import('../target.ts');
  const target = await openTarget(options);
  try {
    await work(target);
  } catch (error) {
    if (!(await reportLogError(error))) throw error;
  } finally {
    await target.close();
  }
}

export function registerLogCommands(program: Command): void {
  const log = program.command('log').description('the transparency log over every version record: signed checkpoints, inclusion and consistency proofs');

  withTargetOptions(
    log
      .command('checkpoint')
      .description('integrate pending version records into the log, sign a checkpoint, print it')
      .addOption(new Option('--kms-key-id <id>', 'sign with this KMS key (ECC_NIST_EDWARDS25519) instead of the data folder\'s key file').env('REDLINE_LOG_KMS_KEY_ID'))
      .addOption(new Option('--log-origin <origin>', "the log's name (checkpoint origin); required with --kms-key-id").env('REDLINE_LOG_ORIGIN'))
      .option('--backfill', 'also append the version records written before the log began (those with no leaf recorded before its first checkpoint), oldest story first')
      .option('--json', 'print { checkpoint, verifierKey, size, rootHash }'),
  ).action(async (options: LogOptions & SignerOptions & { backfill?: boolean }) => {
    await withTarget(options, async (target) => {
      const [{ openLogSigner }, { backfillLog, integrateLogPatiently, viewOf }, { integratorDeps }] = await Promise.all([
        import('../log-signer.ts'),
        import('../../app/transparency-log.ts'),
        import('../../app/log-wiring.ts'),
      ]);
      const signer = await openLogSigner(options);
      const deps = integratorDeps(target.clients.documents, target.tableName, signer);
      let result = await integrateLogPatiently(deps);
      let integrated = result.integrated;
      if (options.backfill) {
        // after the queue is drained, so that what is still missing was never queued
        const backfill = await backfillLog({ ...deps, ledger: target.deps.ledger });
        result = await integrateLogPatiently(deps);
        integrated += result.integrated;
        const missing = backfill.recordedSinceStart;
        // to stderr: --json prints exactly the checkpoint view
        console.error(
          `backfill: ${backfill.queued} version record${backfill.queued === 1 ? '' : 's'} written before the log began (${backfill.logStart}) appended` +
            (missing > 0 ? `; ${missing} recorded since then ${missing === 1 ? 'is' : 'are'} not in the log and ${missing === 1 ? 'was' : 'were'} not backfilled (run \`redline verify --all --checkpoint\`)` : ''),
        );
      }
      const view = viewOf(result.state);
      if (options.json) {
        print(JSON.stringify(view, null, 2));
      } else {
        print(`${integrated} version record${integrated === 1 ? '' : 's'} integrated; the log has ${view.size} leaves.\n`);
        print(view.checkpoint);
        print(`verifier key: ${view.verifierKey}`);
      }
    });
  });

  withTargetOptions(
    withVerifierKeyOption(
      log
        .command('prove <story> <version>')
        .description("print the inclusion proof of a story's version against the current checkpoint")
        .option('--json', 'print { leafIndex, leafData, inclusionProof, checkpoint, verifierKey }'),
    ),
  ).action(async (storyId: string, versionText: string, options: LogOptions) => {
    if (!/^[1-9]\d{0,9}$/.test(versionText)) {
      console.error(`redline: "${versionText}" is not a version number (1, 2, 3…)`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    await withTarget(options, async (target) => {
      const [{ NotInLogError, proveRecord }, { logDeps }] = await Promise.all([import('../../app/transparency-log.ts'), import('../../app/log-wiring.ts')]);
      const record = await target.deps.ledger.getVersion(storyId, Number(versionText));
      if (!record) throw new NotInLogError(`story "${storyId}" has no version ${versionText}`);
      const proof = await proveRecord(record, logDeps(target.clients.documents, target.tableName), { verifierKey: options.verifierKey });
      if (options.json) {
        print(JSON.stringify(proof, null, 2));
      } else {
        print(`version ${record.version} of "${storyId}" is leaf ${proof.leafIndex} (chain hash ${proof.leafData})`);
        print(`inclusion proof (${proof.inclusionProof.length} hashes):`);
        for (const hash of proof.inclusionProof) print(`  ${hash}`);
        print(`\n${proof.checkpoint}`);
      }
    });
  });

  withTargetOptions(
    withVerifierKeyOption(
      log
        .command('consistency <old-checkpoint-file>')
        .description('prove that the current log extends a checkpoint kept earlier')
        .option('--json', 'print { oldCheckpoint, checkpoint, consistencyProof }'),
    ),
  ).action(async (file: string, options: LogOptions) => {
    const { readFile } = await import('node:fs/promises');
    const oldNote = await readFile(file, 'utf8');
    await withTarget(options, async (target) => {
      const [{ proveConsistency }, { logDeps }] = await Promise.all([import('../../app/transparency-log.ts'), import('../../app/log-wiring.ts')]);
      const proof = await proveConsistency(oldNote, logDeps(target.clients.documents, target.tableName), { verifierKey: options.verifierKey });
      if (options.json) {
        print(JSON.stringify(proof, null, 2));
      } else {
        print(`OK      the log extends the kept checkpoint (consistency proof of ${proof.consistencyProof.length} hashes)`);
        for (const hash of proof.consistencyProof) print(`  ${hash}`);
        print(`\n${proof.checkpoint}`);
      }
    });
  });
}
