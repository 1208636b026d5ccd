// The `redline` command line. Each area registers its commands from lambdas/cli/commands/.
import { Command } from 'commander';
import { registerPipelineCommands } from '../lambdas/cli/commands/pipeline.ts';
import { registerLedgerCommands } from '../lambdas/cli/commands/ledger.ts';
import { registerAuditorCommands } from '../lambdas/cli/commands/auditor.ts';
import { registerEngineCommands } from '../lambdas/cli/commands/engine.ts';

const program = new Command('redline')
  .description('Redline: every revision of every story, recorded, diffed and verifiable.')
  .showHelpAfterError();

registerPipelineCommands(program);
registerLedgerCommands(program);
registerAuditorCommands(program);
registerEngineCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`redline: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
