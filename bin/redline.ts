// The `redline` command line. Each area registers its commands from lambdas/cli/commands/.
import { Command } from 'commander';
import { registerPipelineCommands } from '../lambdas/cli/commands/pipeline.ts';
import { registerLedgerCommands } from '../lambdas/cli/commands/ledger.ts';
import { registerAuditorCommands } from '../lambdas/cli/commands/auditor.ts';
import { diffFiles, type DiffOutput } from '../lambdas/cli/diff-files.ts';

const program = new Command('redline')
  .description('Redline: every revision of every story, recorded, diffed and verifiable.')
  .showHelpAfterError();

registerPipelineCommands(program);
registerLedgerCommands(program);
registerAuditorCommands(program);

program
  .command('diff-files <old> <new>')
  .description('compare two local story files with the redline engine (no storage)')
  .option('--format <format>', 'txt|md|html|ninjs (default: from the file extension)')
  .option('--output <output>', 'json|inline|unified|html', 'json')
  .option('--no-color', 'no ANSI colors in inline output, even on a terminal')
  .action(async (oldPath: string, newPath: string, options: { format?: string; output: DiffOutput; color: boolean }) => {
    const color = options.color && process.stdout.isTTY === true;
    process.stdout.write(await diffFiles(oldPath, newPath, { ...(options.format ? { format: options.format } : {}), output: options.output, color }));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`redline: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
