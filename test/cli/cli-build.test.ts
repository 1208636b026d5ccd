// The built CLI: registering commands loads no SDK client, engine or stand-in (they load when a
// command runs), and a build older than its sources is never run in their place.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../../scripts/build-cli.mjs';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/redline.js');
type Metafile = NonNullable<Awaited<ReturnType<typeof buildCli>>>;

/** Which code path ran: an --import hook reports the marker bin/redline.js leaves on globalThis. */
async function whichCode(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write('cli:'+globalThis[Symbol.for('redline.cli')]))`;
  const { stdout, stderr } = await run(process.execPath, ['--import', hook, BIN, '--help'], { env });
  expect(stdout).toContain('diff-files');
  return /cli:(\w+)/.exec(stderr)?.[1] ?? 'unknown';
}

describe('Build: the redline CLI', () => {
  let metafile: Metafile;

  beforeAll(async () => {
    metafile = (await buildCli())!;
  });

  it('loads only commander and the command declarations to register commands (--help)', () => {
    // Prepare: everything the entry file imports statically, transitively
    const outputs = metafile.outputs;
    const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint === 'bin/redline.ts')!;
    const loaded = new Set<string>();
    const pending = [entry];
    while (pending.length > 0) {
      const path = pending.pop()!;
      if (loaded.has(path)) continue;
      loaded.add(path);
      for (const dependency of outputs[path]!.imports) if (dependency.kind === 'import-statement' && !dependency.external) pending.push(dependency.path);
    }
    const inputs = [...loaded].flatMap((path) => Object.keys((outputs[path] as unknown as { inputs: Record<string, unknown> }).inputs));
    // Act
    const heavy = inputs.filter((input) => /@aws-sdk|@smithy|s3rver|dynalite|node_modules\/diff\/|htmlparser2|cli-progress|lambdas\/(core\/(?!vocabulary\.ts)|app\/|adapters\/|local\/)/.test(input));
    // Assess
    expect(inputs).toContain('lambdas/cli/commands/ledger.ts');
    expect(heavy).toEqual([]);
  });

  it('runs the build while it matches the sources, and the sources once one of them changed', { timeout: 180_000 }, async () => {
    // Prepare
    const source = join(ROOT, 'lambdas/cli/output.ts');
    const { atime, mtime } = statSync(source);
    expect(JSON.parse(readFileSync(join(ROOT, 'dist/cli/inputs.json'), 'utf8')).inputs).toHaveProperty('lambdas/cli/output.ts');
    // Act
    const current = await whichCode();
    const forced = await whichCode({ ...process.env, REDLINE_FROM_SOURCE: '1' });
    let stale: string;
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 1000));
      stale = await whichCode();
    } finally {
      utimesSync(source, atime, mtime);
    }
    // Assess
    expect([current, forced, stale]).toEqual(['build', 'source', 'source']);
  });
});
