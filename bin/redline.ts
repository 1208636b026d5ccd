// The `redline` command line. Each area registers its commands from lambdas/cli/commands/.
import { Command, CommanderError } from 'commander';
import { EXIT_ERROR, EXIT_USAGE, UsageError } from '../lambdas/cli/exit-codes.ts';
import { registerPipelineCommands } from '../lambdas/cli/commands/pipeline.ts';
import { registerLedgerCommands } from '../lambdas/cli/commands/ledger.ts';
import { registerAuditorCommands } from '../lambdas/cli/commands/auditor.ts';
import { registerEngineCommands } from '../lambdas/cli/commands/engine.ts';
import { registerLogCommands } from '../lambdas/cli/commands/log.ts';
import { registerImportCommands } from '../lambdas/cli/commands/import.ts';

const program = new Command('redline')
  .description('Redline: every revision of every story, recorded, diffed and verifiable.')
  .showHelpAfterError()
  // Commander's own errors (unknown option, bad --output choice, missing argument) are usage
  // errors: exit 2, as the README's table says, instead of commander's 1.
  .exitOverride();

registerPipelineCommands(program);
registerLedgerCommands(program);
registerAuditorCommands(program);
registerEngineCommands(program);
registerLogCommands(program);
registerImportCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // commander has printed its message (or the help) already
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
    return;
  }
  console.error(`redline: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof UsageError ? EXIT_USAGE : EXIT_ERROR;
});
