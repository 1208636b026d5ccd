// CLI start-up: wall time of `redline` processes against `node -e 0`, as a user (or a script of
// auditors' calls) runs them. Runs are interleaved (node, help, diff-files, node, …) so a busy
// machine slows all of them alike; the medians are compared.
// Targets: `redline --help` and `redline diff-files` on two short stories ≤ 3× `node -e 0`;
// read commands (`history`, `stories`, `show`) against a running `redline start` ≤ 5×.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli } from '../../scripts/build-cli.mjs';

const BIN = join(import.meta.dirname, '../../bin/redline.js');
const ROUNDS = process.env.BENCH_QUICK === '1' ? 5 : 11;
const START_TARGET = 3;
const READ_TARGET = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function wallMs(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = performance.now();
  execFileSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return performance.now() - started;
}

function storyText(update: number): string {
  const paragraphs = Array.from({ length: 8 }, (_, p) => `Paragraph ${p}: rescuers said ${40 + p + (p === 3 ? update : 0)} people were still missing after the landslide near the river crossing on Tuesday night.`);
  return `Landslide blocks mountain road\n\n${paragraphs.join('\n\n')}`;
}

async function startServer(dataDir: string): Promise<{ stop(): Promise<void> }> {
  const child = spawn(process.execPath, [BIN, 'start', '--data-dir', dataDir, '--s3-port', '0', '--dynamodb-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Waiting for uploads')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redline start exited (${code}): ${output}`)));
  });
  child.stdout.resume();
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function run(): Promise<boolean> {
  await buildCli();
  const dir = mkdtempSync(join(tmpdir(), 'redline-cli-bench-'));
  try {
    const [oldFile, newFile] = [join(dir, 'v1.txt'), join(dir, 'v2.txt')];
    writeFileSync(oldFile, storyText(0));
    writeFileSync(newFile, storyText(2));
    const dataDir = join(dir, 'data');
    const server = await startServer(dataDir);
    const commands: Record<string, string[]> = {
      'node -e 0': ['-e', '0'],
      'redline --help': [BIN, '--help'],
      'redline diff-files': [BIN, 'diff-files', oldFile, newFile],
      'redline history (running start)': [BIN, 'history', 'world/valdera-earthquake', '--data-dir', dataDir],
      'redline stories (running start)': [BIN, 'stories', '--data-dir', dataDir],
      'redline show (running start)': [BIN, 'show', 'world/valdera-earthquake', '2', '--data-dir', dataDir],
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    try {
      if (!existsSync(join(import.meta.dirname, '../../dist/cli/redline.js'))) throw new Error('no build in dist/cli');
      for (const args of Object.values(commands)) wallMs(args); // warm the file cache (and Node's compile cache)
      for (let round = 0; round < ROUNDS; round++) {
        for (const [name, args] of Object.entries(commands)) times[name]!.push(wallMs(args));
      }
    } finally {
      await server.stop();
    }
    const baseline = median(times['node -e 0']!);
    let ok = true;
    console.log(`Node ${process.version}, median of ${ROUNDS} interleaved runs each`);
    for (const [name, samples] of Object.entries(times)) {
      const ratio = median(samples) / baseline;
      const target = name === 'node -e 0' ? undefined : name.includes('running start') ? READ_TARGET : START_TARGET;
      const pass = target === undefined || ratio <= target;
      ok &&= pass;
      console.log(`${name.padEnd(34)} ${median(samples).toFixed(0).padStart(6)} ms  ${ratio.toFixed(2)}× node -e 0${target ? `  (target ≤ ${target}×) ${pass ? 'PASS' : 'FAIL'}` : ''}`);
    }
    return ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
