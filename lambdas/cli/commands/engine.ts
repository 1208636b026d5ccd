// CLI commands that run the redline engine on local files, with no storage: diff-files.
// Registering them loads commander only; each action imports what it runs (ARCHITECTURE.md "CLI start-up").
import type { Command } from 'commander';
import type { DiffOutput } from '../diff-files.ts';
import { FORMAT_CHOICES } from '../../core/vocabulary.ts';

export function registerEngineCommands(program: Command): void {
  program
    .command('diff-files <old> <new>')
    .description('compare two local story files with the redline engine (no storage)')
    .option('--format <format>', `${FORMAT_CHOICES} or a format name (default: from the file extension)`)
    .option('--output <output>', 'json|inline|unified|html', 'json')
    .option('--no-color', 'no ANSI colors in inline output, even on a terminal')
    .action(async (oldPath: string, newPath: string, options: { format?: string; output: DiffOutput; color: boolean }) => {
      const { diffFiles } = await import('../diff-files.ts');
      const color = options.color && process.stdout.isTTY === true;
      process.stdout.write(await diffFiles(oldPath, newPath, { ...(options.format ? { format: options.format } : {}), output: options.output, color }));
    });
}
