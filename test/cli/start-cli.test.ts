import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/dynamodb-local.ts';
import { lockFile } from '../../lambdas/local/data-lock.ts';

const BIN = join(process.cwd(), 'bin', 'redline.js');
const dataDir = mkdtempSync(join(tmpdir(), 'redline-start-cli-'));
const children: ChildProcessWithoutNullStreams[] = [];

function start(...args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> } {
  const child = spawn('node', [BIN, 'start', '--data-dir', dataDir, '--s3-port', '0', '--dynamodb-port', '0', '--no-demo', ...args], { env: { ...process.env, REDLINE_DATA_DIR: '' } });
  children.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output, exit: new Promise((resolve) => child.once('exit', resolve)) };
}

async function waitFor(output: () => string, pattern: RegExp, ms = 90_000): Promise<RegExpExecArray> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const match = pattern.exec(output());
    if (match) return match;
  }
  throw new Error(`no ${pattern} in: ${output()}`);
}

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Command: redline start --port --host, one instance per data folder', () => {
  it('serves the viewer on the same --port after a restart, and a second start on the folder stops before opening any store', async () => {
    // Prepare
    const port = await freePort();
    const first = start('--port', String(port), '--host', '127.0.0.1');
    await waitFor(first.output, /Waiting for uploads/);

    // Act: a second instance on the same folder (other ports, so only the lock can stop it)
    const second = start('--port', String(await freePort()));
    const secondCode = await second.exit;
    const answer = await fetch(`http://127.0.0.1:${port}/stories`);
    first.child.kill('SIGINT');
    const firstCode = await first.exit;
    const again = start('--port', String(port));
    await waitFor(again.output, /Waiting for uploads/);
    const stillServed = (await fetch(`http://127.0.0.1:${port}/openapi.json`)).status;
    again.child.kill('SIGINT');
    await again.exit;

    // Assess
    expect(first.output()).toContain(`Viewer and API:     http://127.0.0.1:${port}/`);
    expect(secondCode).toBe(1);
    expect(second.output()).toContain(`${dataDir} is in use by process ${first.child.pid}`);
    expect(second.output()).not.toMatch(/Database is closed|Viewer and API/);
    expect(answer.status).toBe(200);
    expect(firstCode).toBe(0);
    expect(again.output()).toContain(`Viewer and API:     http://127.0.0.1:${port}/`);
    expect(stillServed).toBe(200);
    expect(existsSync(lockFile(dataDir))).toBe(false);
  }, 240_000);

  it('stops with a clear error naming --port when the viewer port is taken (no random other port)', async () => {
    const port = await freePort();
    const holder = start('--port', String(port));
    await waitFor(holder.output, /Waiting for uploads/);
    const otherDir = mkdtempSync(join(tmpdir(), 'redline-start-cli-'));
    const child = spawn('node', [BIN, 'start', '--data-dir', otherDir, '--s3-port', '0', '--dynamodb-port', '0', '--no-demo', '--port', String(port)]);
    children.push(child);
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    holder.child.kill('SIGINT');
    await holder.exit;
    rmSync(otherDir, { recursive: true, force: true });

    expect(code).toBe(1);
    expect(output).toContain(`port ${port} (viewer and API) is already in use`);
    expect(output).toContain('--port');
  }, 240_000);
});
