import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedRedline, PortInUseError } from '../../lambdas/local/embedded.ts';
import { DataDirInUseError, lockFile } from '../../lambdas/local/data-lock.ts';
import { freePort } from '../support/dynamodb-local.ts';

describe('Function: EmbeddedRedline.start', () => {
  let occupied: Server;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    port = await freePort();
    occupied = createServer();
    await new Promise<void>((resolve) => occupied.listen(port, '127.0.0.1', () => resolve()));
    dataDir = mkdtempSync(join(tmpdir(), 'redline-start-'));
  });
  afterAll(() => {
    occupied?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects with PortInUseError naming the port when the S3 port is taken (instead of crashing)', async () => {
    // Act
    const starting = EmbeddedRedline.start({ dataDir, s3Port: port });
    // Assess
    await expect(starting).rejects.toBeInstanceOf(PortInUseError);
    await expect(EmbeddedRedline.start({ dataDir, s3Port: port })).rejects.toThrow(`port ${port} (embedded S3) is already in use`);
  });

  it('rejects the same way when the DynamoDB port is taken', async () => {
    await expect(EmbeddedRedline.start({ dataDir, dynamodbPort: port })).rejects.toThrow(`port ${port} (embedded DynamoDB) is already in use`);
  });

  it('closes what it had opened (version log, pack file, S3 socket) when a later step fails, and the folder opens again', async () => {
    // Prepare: a DynamoDB endpoint nothing listens on, so the start fails after the S3 stand-in is up.
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();

    // Act
    const failed = await EmbeddedRedline.start({ dataDir, dynamodbEndpoint: nowhere }).then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(String(failed)).toMatch(/ECONNREFUSED/);
    expect(openFiles()).toBe(before);
    const embedded = await EmbeddedRedline.start({ dataDir });
    await embedded.stop();
  });
});

describe('Function: EmbeddedRedline.start (one process per data folder)', () => {
  it('rejects with DataDirInUseError naming the holder while the folder is open, and opens again once stopped', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-lock-'));
    const first = await EmbeddedRedline.start({ dataDir });

    // Act
    const second = EmbeddedRedline.start({ dataDir });

    // Assess
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError);
    await expect(EmbeddedRedline.start({ dataDir })).rejects.toThrow(`${dataDir} is in use by process ${process.pid}`);
    await first.stop();
    const reopened = await EmbeddedRedline.start({ dataDir });
    await reopened.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'redline-lock-'));
    writeFileSync(lockFile(dataDir), '2147483646\n');
    const embedded = await EmbeddedRedline.start({ dataDir });
    expect(readFileSync(lockFile(dataDir), 'utf8').trim()).toBe(String(process.pid));
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
