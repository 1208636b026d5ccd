// The transparency log's CLI contract, run as a user runs it: `redline start` (which integrates on a
// timer and prints the verifier key) in the background, then `redline log checkpoint | prove |
// consistency` and `redline verify --checkpoint` in other processes, their JSON checked by Go's
// reference code, and the tamper cases exiting 4 with a named failure.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteItemCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { createClients, type AwsClients } from '../../lambdas/adapters/clients.ts';
import { EMBEDDED_CREDENTIALS } from '../../lambdas/local/embedded.ts';
import { chainRecord, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import { formatCheckpointBody, signNote } from '../../lambdas/core/checkpoint.ts';
import { freePort } from '../support/dynamodb-local.ts';
import { KEY_ATTRIBUTES } from '../../lambdas/adapters/table-keys.ts';
import { DynamoDbLogStore } from '../../lambdas/adapters/dynamodb-log.ts';
import { goAvailable, runGoVerifier } from '../support/go-interop.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '../../bin/redline.js');
const ENV = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

async function redline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { env: ENV, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('Command: redline log checkpoint / prove / consistency and verify --checkpoint (redline start)', () => {
  let dir: string;
  let server: ChildProcess;
  let startOutput = '';
  let clients: AwsClients;
  const table = 'redline-ledger';
  const at = () => ['--data-dir', dir];

  async function upload(storyId: string, body: string): Promise<void> {
    await clients.s3.send(new PutObjectCommand({ Bucket: 'redline-uploads', Key: `stories/${storyId}.txt`, Body: Buffer.from(body) }));
  }
  /** Waits until `redline start` has recorded and logged the story's `version` (its timer integrates). */
  async function logged(storyId: string, version: number): Promise<void> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(200)) {
      if ((await new DynamoDbLogStore(clients.documents, table).leafIndexOf(storyId, version)) !== undefined) return;
    }
    throw new Error(`version ${version} of ${storyId} was not logged within 60 s`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redline-log-cli-'));
    const [s3Port, dynamodbPort, viewerPort] = [await freePort(), await freePort(), await freePort()];
    server = spawn(process.execPath, [BIN, 'start', '--no-demo', '--data-dir', dir, '--s3-port', String(s3Port), '--dynamodb-port', String(dynamodbPort), '--port', String(viewerPort)], { env: ENV, stdio: ['ignore', 'pipe', 'inherit'] });
    server.stdout!.on('data', (chunk: Buffer) => (startOutput += chunk.toString()));
    for (const deadline = Date.now() + 60_000; !startOutput.includes('Waiting for uploads'); await sleep(100)) {
      if (Date.now() > deadline || server.exitCode !== null) throw new Error(`redline start did not come up:\n${startOutput}`);
    }
    clients = createClients({ region: 'us-east-1', s3Endpoint: `http://127.0.0.1:${s3Port}`, dynamodbEndpoint: `http://127.0.0.1:${dynamodbPort}`, credentials: EMBEDDED_CREDENTIALS });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    clients?.s3.destroy();
    clients?.dynamodb.destroy();
    clients?.sqs.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the verifier key on start and keeps the signing key in the data folder, mode 0600', () => {
    const key = JSON.parse(readFileSync(join(dir, 'log-signing-key.json'), 'utf8')) as { origin: string };
    expect(startOutput).toMatch(new RegExp(`log verifier key: +${key.origin.replace(/[/.]/g, '\\$&')}\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}`));
    expect(statSync(join(dir, 'log-signing-key.json')).mode & 0o777).toBe(0o600);
  });

  // Each CLI run is a process start (1–2 s on a quiet machine, far more on a loaded one).
  it('answers the contract: checkpoint, prove and consistency JSON that Go verifies', { timeout: 300_000 }, async () => {
    // Prepare: two versions logged by the start timer, a checkpoint kept, a third version logged
    await upload('cli/quake', 'Quake\n\n30 dead.');
    await upload('cli/quake', 'Quake\n\n35 dead.');
    await logged('cli/quake', 2);
    const first = await redline('log', 'checkpoint', '--json', ...at());
    expect(first.code, first.stderr).toBe(0);
    const kept = JSON.parse(first.stdout) as { checkpoint: string; verifierKey: string; size: number; rootHash: string };
    writeFileSync(join(dir, 'kept.txt'), kept.checkpoint);
    await upload('cli/quake', 'Quake\n\n34 dead.');
    await logged('cli/quake', 3);
    // Act
    const [checkpoint, prove, consistency] = await Promise.all([
      redline('log', 'checkpoint', '--json', ...at()),
      redline('log', 'prove', 'cli/quake', '2', '--json', ...at()),
      redline('log', 'consistency', join(dir, 'kept.txt'), '--json', ...at()),
    ]);
    // Assess
    expect([checkpoint.code, prove.code, consistency.code], prove.stderr + consistency.stderr).toEqual([0, 0, 0]);
    const now = JSON.parse(checkpoint.stdout) as Record<string, unknown>;
    expect(Object.keys(now)).toEqual(['checkpoint', 'verifierKey', 'size', 'rootHash']);
    expect([kept.size, now.size, now.verifierKey]).toEqual([2, 3, kept.verifierKey]);
    expect(now.checkpoint).toMatch(new RegExp(`\\n3\\n${(now.rootHash as string).replace(/[+/]/g, '\\$&')}\\n\\n\u2014 `));
    const proof = JSON.parse(prove.stdout) as { leafIndex: number; leafData: string; inclusionProof: string[]; checkpoint: string; verifierKey: string };
    expect(Object.keys(proof)).toEqual(['leafIndex', 'leafData', 'inclusionProof', 'checkpoint', 'verifierKey']);
    const history = JSON.parse((await redline('history', 'cli/quake', '--json', ...at())).stdout) as VersionRecord[];
    expect([proof.leafIndex, proof.leafData, proof.inclusionProof.length]).toEqual([1, history[1]!.chainHash, 2]);
    const extension = JSON.parse(consistency.stdout) as { oldCheckpoint: string; checkpoint: string; consistencyProof: string[] };
    expect(Object.keys(extension)).toEqual(['oldCheckpoint', 'checkpoint', 'consistencyProof']);
    expect(extension.oldCheckpoint).toBe(kept.checkpoint);
    if (goAvailable()) {
      const go = await runGoVerifier({ verifierKey: kept.verifierKey, checkpoints: [kept.checkpoint, now.checkpoint as string], inclusions: [proof], consistency: [extension] });
      expect(go.results.map((r) => r.ok)).toEqual([true, true, true, true]);
    }
    const verified = await redline('verify', 'cli/quake', '--checkpoint', join(dir, 'kept.txt'), '--json', ...at());
    expect(verified.code, verified.stderr).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, versions: 3, log: { size: 3, logged: 3 } });
  });

  it('exits 4 naming log-mismatch, bad-signature, log-fork and missing-record', { timeout: 300_000 }, async () => {
    // Prepare: a rewritten record (re-chained, keeping its leaf index); a deleted story; an altered
    // kept checkpoint; a checkpoint the log's own key signed over another tree of the same size
    await upload('cli/fire', 'Fire\n\n2 homes.');
    await upload('cli/fire', 'Fire\n\n5 homes.');
    await upload('cli/gone', 'Strike\n\n10 days.');
    await logged('cli/fire', 2);
    await logged('cli/gone', 1);
    const kept = (JSON.parse((await redline('log', 'checkpoint', '--json', ...at())).stdout) as { checkpoint: string }).checkpoint;
    writeFileSync(join(dir, 'kept-fire.txt'), kept);
    const versionKey = (storyId: string, version: number) => marshall({ PK: `STORY#${storyId}`, SK: `V#${String(version).padStart(10, '0')}` });
    const stored = unmarshall((await clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: versionKey('cli/fire', 2) }))).Item!);
    const first = unmarshall((await clients.dynamodb.send(new GetItemCommand({ TableName: table, Key: versionKey('cli/fire', 1) }))).Item!);
    const fields: Record<string, unknown> = { ...stored };
    for (const attribute of [...KEY_ATTRIBUTES, 'chainHash', 'previousChainHash']) delete fields[attribute];
    const forged = chainRecord({ ...(fields as unknown as VersionRecord), editor: 'Rewriter' }, first as VersionRecord);
    await clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: marshall({ ...stored, ...forged }, { removeUndefinedValues: true }) }));
    for (const sk of ['V#0000000001', 'SUMMARY']) await clients.dynamodb.send(new DeleteItemCommand({ TableName: table, Key: marshall({ PK: 'STORY#cli/gone', SK: sk }) }));
    writeFileSync(join(dir, 'altered.txt'), kept.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) - 1}\n`));
    const signer = LocalKeySigner.openOrCreate(dir);
    const size = Number(kept.split('\n')[1]);
    writeFileSync(join(dir, 'forked.txt'), await signNote(formatCheckpointBody({ origin: signer.name, size, rootHash: Buffer.alloc(32, 9) }), signer));
    // Act
    const [rewritten, badSignature, forked, all] = await Promise.all([
      redline('verify', 'cli/fire', '--checkpoint', join(dir, 'kept-fire.txt'), ...at()),
      redline('log', 'consistency', join(dir, 'altered.txt'), ...at()),
      redline('log', 'consistency', join(dir, 'forked.txt'), ...at()),
      redline('verify', '--all', '--checkpoint', join(dir, 'kept-fire.txt'), '--json', ...at()),
    ]);
    // Assess
    expect([rewritten.code, rewritten.stdout]).toEqual([4, expect.stringMatching(/FAILED  cli\/fire: version 2 does not verify \(log-mismatch\)/)]);
    expect([badSignature.code, badSignature.stderr]).toEqual([4, expect.stringMatching(/FAILED \(bad-signature\)/)]);
    expect([forked.code, forked.stderr]).toEqual([4, expect.stringMatching(/FAILED \(log-fork\)/)]);
    expect(all.code).toBe(4);
    // Problems come in leaf order, and which of the two stories was integrated first depends on timing.
    const problems = (JSON.parse(all.stdout) as { log: { problems: { kind: string; storyId: string; version: number }[] } }).log.problems;
    expect([...problems].sort((a, b) => a.kind.localeCompare(b.kind))).toEqual([
      expect.objectContaining({ kind: 'log-mismatch', storyId: 'cli/fire', version: 2 }),
      expect.objectContaining({ kind: 'missing-record', storyId: 'cli/gone', version: 1 }),
    ]);
  });
});
