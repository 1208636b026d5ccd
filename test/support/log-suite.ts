// The transparency log's conformance suite: integration, proofs and every tamper case of the issue,
// against a backend reached through real protocol servers and the real SDK clients.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DeleteItemCommand, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { runWorker } from '../../lambdas/app/worker.ts';
import { verifyStory } from '../../lambdas/app/verify.ts';
import { createApiRouter } from '../../lambdas/app/http-api.ts';
import { queryDeps } from '../../lambdas/app/query-wiring.ts';
import { buildEvidenceBundle, verifyBundle } from '../../lambdas/app/evidence-bundle.ts';
import {
  auditLog,
  backfillLog,
  checkStoryInLog,
  integrateLog,
  proveConsistency,
  proveRecord,
  type IntegratorDeps,
} from '../../lambdas/app/transparency-log.ts';
import { integratorDeps } from '../../lambdas/app/log-wiring.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import { formatCheckpointBody, openCheckpoint, parseVerifierKey, signNote } from '../../lambdas/core/checkpoint.ts';
import { leafHash, verifyConsistency, verifyInclusion } from '../../lambdas/core/merkle.ts';
import { chainRecord, type VersionRecord } from '../../lambdas/core/ledger.ts';
import { versionsViaDynamoDb, type Harness } from './harness.ts';
import { redlineCli } from './redline-cli.ts';
import { EMBEDDED_CREDENTIALS } from '../../lambdas/local/embedded-names.ts';
import { DynamoDbLedger, versionItemKeys } from '../../lambdas/adapters/dynamodb-ledger.ts';
import { ensureTable } from '../../lambdas/adapters/provision.ts';
import { logQueueUpdate } from '../../lambdas/adapters/dynamodb-log.ts';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../lambdas/adapters/table-keys.ts';

const quiet = { info() {}, warn() {}, error() {} };

/** `redline <args>` as a separate process, with the embedded stand-ins' credentials (what the backends here accept). */
const redline = (args: string[]) =>
  redlineCli(args, { AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });

/**
 * The log's conformance suite. `cliBinary`: also run `redline log checkpoint | prove | consistency
 * --json` (and `--backfill`) as a separate process against the backend's endpoints.
 */
export function describeLogConformance(open: () => Promise<Harness>, options: { cliBinary?: boolean } = {}): void {
  let harness: Harness;
  let keyDir: string;
  let log: IntegratorDeps;

  const versionKey = (storyId: string, version: number) => marshall({ PK: `STORY#${storyId}`, SK: `V#${String(version).padStart(10, '0')}` });
  /** Uploads each body as the next revision of the story and records what S3 announced. */
  async function record(storyId: string, bodies: string[], deps = harness.deps): Promise<void> {
    for (const body of bodies) {
      await harness.put(`stories/${storyId}.txt`, body);
      if (harness.queueUrl) await runWorker({ sqs: harness.clients.sqs, queueUrl: harness.queueUrl, deps, log: quiet, drainAfterEmptyPolls: 1, waitTimeSeconds: 0 });
      else for (const event of await harness.takeEvents()) await ingestNotification(event, deps, quiet);
    }
  }
  const revisions = (topic: string, counts: number[]) => counts.map((n) => `${topic}\n\nOfficials counted ${n} people.`);
  /** Replaces a story's version items from `from` on with a re-chained copy whose editor is changed. */
  async function rewriteStory(storyId: string, from: number, options: { keepLogIndex: boolean }): Promise<void> {
    const records = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId);
    let previous: VersionRecord | undefined = records[from - 2];
    for (const original of records.slice(from - 1)) {
      const stored = unmarshall((await harness.clients.dynamodb.send(new GetItemCommand({ TableName: harness.tableName, Key: versionKey(storyId, original.version) }))).Item!);
      const { chainHash: _c, previousChainHash: _p, ...fields } = original;
      const forged = chainRecord({ ...fields, editor: 'Rewriter', recordedAt: new Date().toISOString() }, previous);
      await harness.clients.dynamodb.send(new PutItemCommand({ TableName: harness.tableName, Item: marshall({ ...stored, ...forged }, { removeUndefinedValues: true }) }));
      // fed to the integrator again: the story's leaf index forgotten, the forgery queued as a writer queues
      if (!options.keepLogIndex) {
        await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: marshall({ PK: `STORY#${storyId}`, SK: 'LOG#0000000' }) }));
        await harness.clients.documents.send(new UpdateCommand(logQueueUpdate(harness.tableName, [forged])));
      }
      previous = forged;
    }
  }

  /**
   * A log in a table of its own (`<table>-<suffix>`) and a writer of version records straight into
   * that table, chained on the fields of a real record of `templateStory`; `queue`: queued as a
   * writer queues them, else left as records written before the log existed.
   */
  async function logOfItsOwn(suffix: string, templateStory: string) {
    const tableName = `${harness.tableName}-${suffix}`;
    await ensureTable(harness.clients.dynamodb, tableName);
    const ledger = new DynamoDbLedger(harness.clients.documents, tableName);
    const deps: IntegratorDeps = { ...integratorDeps(harness.clients.documents, tableName, log.signer) };
    await record(templateStory, revisions('Template', [1]));
    const [template] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, templateStory);
    const { chainHash: _c, previousChainHash: _p, ...fields } = template!;
    const written: VersionRecord[] = [];
    const write = async (storyId: string, recordedAt: string, options: { queue?: boolean } = {}) => {
      const previous = written.filter((r) => r.storyId === storyId).at(-1);
      const stored = chainRecord({ ...fields, storyId, version: (previous?.version ?? 0) + 1, recordedAt }, previous);
      await harness.clients.documents.send(new PutCommand({ TableName: tableName, Item: { ...stored, ...versionItemKeys(stored) } }));
      if (options.queue) await harness.clients.documents.send(new UpdateCommand(logQueueUpdate(tableName, [stored])));
      written.push(stored);
      return stored;
    };
    return { tableName, ledger, deps, written, write };
  }

  beforeAll(async () => {
    harness = await open();
    keyDir = mkdtempSync(join(tmpdir(), 'redline-log-key-'));
    log = integratorDeps(harness.clients.documents, harness.tableName, LocalKeySigner.openOrCreate(keyDir, { origin: 'news.example/redline-test' }));
  });
  afterAll(async () => {
    await harness?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  it('integrates every version record once, in order, and proves each against the signed checkpoint', async () => {
    // Prepare
    await record('log/quake', revisions('Quake', [30, 35, 34]));
    await record('log/floods', revisions('Floods', [4, 6]));
    // Act
    const first = await integrateLog(log);
    const again = await integrateLog(log);
    // Assess
    expect([first.integrated, first.signed, first.state.size]).toEqual([5, true, 5]);
    expect([again.integrated, again.signed, again.state.checkpoint]).toEqual([0, false, first.state.checkpoint]);
    const verifier = parseVerifierKey(first.state.verifierKey);
    const body = openCheckpoint(first.state.checkpoint, verifier);
    expect(body.origin).toBe('news.example/redline-test');
    const indexes: number[] = [];
    for (const storyId of ['log/quake', 'log/floods']) {
      for (const stored of await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, storyId)) {
        const proof = await proveRecord(stored, log);
        verifyInclusion(proof.leafIndex, body.size, leafHash(Buffer.from(proof.leafData, 'hex')), proof.inclusionProof.map((h) => Buffer.from(h, 'base64')), body.rootHash);
        expect(proof.leafData).toBe(stored.chainHash);
        indexes.push(proof.leafIndex);
      }
    }
    expect(indexes.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    // Prepare
    const before = (await integrateLog(log)).state;
    await record('log/quake', revisions('Quake', [36]));
    await record('log/fire', revisions('Fire', [1, 2, 3]));
    // Act
    const after = (await integrateLog(log)).state;
    const proof = await proveConsistency(before.checkpoint, log);
    // Assess
    expect(after.size).toBe(before.size + 4);
    expect(proof.checkpoint).toBe(after.checkpoint);
    verifyConsistency(before.size, after.size, Buffer.from(before.rootHash, 'base64'), Buffer.from(after.rootHash, 'base64'), proof.consistencyProof.map((h) => Buffer.from(h, 'base64')));
    expect(await checkStoryInLog('log/quake', { ...log, ledger: harness.deps.ledger }, { keptCheckpoint: before.checkpoint })).toMatchObject({ logged: 4, pending: 0 });
    expect(await auditLog({ ...log, ledger: harness.deps.ledger }, { keptCheckpoint: before.checkpoint })).toMatchObject({ leavesChecked: after.size, problems: [] });
  });

  it('serves the checkpoint, proofs, consistency and an Atom feed of checkpoints under /log/', async () => {
    // Prepare
    const state = (await integrateLog(log)).state;
    const api = createApiRouter(queryDeps(harness.clients, { tableName: harness.tableName, archiveBucket: `${harness.bucket}-archive` }));
    const get = async (path: string, query: Record<string, string> = {}) => api({ method: 'GET', path, query, headers: { host: 'localhost' } });
    // Act
    const [checkpoint, note, proof, consistency, feed, missing, bad] = await Promise.all([
      get('/log/checkpoint'),
      get('/log/checkpoint.txt'),
      get(`/log/proofs/${encodeURIComponent('log/quake')}/1`),
      get('/log/consistency', { from: '1' }),
      get('/log/checkpoints.atom'),
      get(`/log/proofs/${encodeURIComponent('log/quake')}/99`),
      get('/log/consistency', { from: 'x' }),
    ]);
    // Assess
    expect([checkpoint.status, JSON.parse(String(checkpoint.body))]).toEqual([200, { checkpoint: state.checkpoint, verifierKey: state.verifierKey, size: state.size, rootHash: state.rootHash }]);
    expect([note.status, note.body]).toEqual([200, state.checkpoint]);
    expect(JSON.parse(String(proof.body))).toMatchObject({ leafIndex: 0, checkpoint: state.checkpoint });
    const extension = JSON.parse(String(consistency.body)) as { consistencyProof: string[] };
    expect(extension.consistencyProof.length).toBeGreaterThan(0);
    expect(String(feed.body)).toContain(`<id>urn:redline:log:${encodeURIComponent(state.origin)}:${state.size}</id>`);
    expect([missing.status, bad.status]).toEqual([404, 400]);
  });

  it('puts inclusion proofs and the checkpoint in evidence bundles, and verify --bundle checks them offline', async () => {
    // Prepare
    await record('log/bundled', revisions('Flood', [3, 4, 5]));
    await integrateLog(log);
    const bundle = await buildEvidenceBundle('log/bundled', { ...harness.deps, clock: () => new Date(), log });
    // Act
    const intact = await verifyBundle(JSON.parse(JSON.stringify(bundle)));
    const rechained: VersionRecord[] = [];
    for (const original of bundle.records) {
      const { chainHash: _c, previousChainHash: _p, ...fields } = original;
      rechained.push(chainRecord({ ...fields, editor: original.version === 2 ? 'Rewriter' : fields.editor }, rechained.at(-1)));
    }
    const rewritten = await verifyBundle({ ...bundle, records: rechained });
    const badSignature = await verifyBundle({ ...bundle, log: { ...bundle.log!, checkpoint: bundle.log!.checkpoint.replace(/\n(\d+)\n/, (_m, n: string) => `\n${Number(n) + 1}\n`) } });
    // Assess
    expect(bundle.log?.proofs.map((p) => p.version)).toEqual([1, 2, 3]);
    expect(intact).toMatchObject({ ok: true, log: { proven: 3, pending: 0 } });
    expect(rewritten.firstProblem).toMatchObject({ kind: 'log-mismatch', version: 2 });
    expect(badSignature.firstProblem).toMatchObject({ kind: 'bad-signature' });
  });

  it('logs a version a writer queues while the integrator runs in the next run: dequeuing never loses it', async () => {
    // Prepare: the story's first version waits in the queue
    await record('log/racing', revisions('Race', [1]));
    let raced = false;
    const racing: IntegratorDeps = {
      ...log,
      log: Object.assign(Object.create(log.log) as IntegratorDeps['log'], {
        // a writer commits and queues version 2 after the integrator read the queue, before it dequeues
        pending: async (limit: number) => {
          const leaves = await log.log.pending(limit);
          if (!raced && leaves.some((leaf) => leaf.storyId === 'log/racing')) {
            raced = true;
            await record('log/racing', revisions('Race', [2]));
          }
          return leaves;
        },
      }),
    };
    // Act
    const first = await integrateLog(racing);
    const second = await integrateLog(log);
    // Assess
    expect(raced).toBe(true);
    expect(second.integrated).toBe(1);
    for (const stored of await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'log/racing')) {
      expect((await proveRecord(stored, log)).leafIndex).toBeLessThan(second.state.size);
    }
    expect(first.state.size).toBe(second.state.size - 1);
  });

  it('repairs a run left unmarked by another integrator into the leaf index as it is now, not as an earlier failed run of this one read it', async () => {
    // Prepare: this integrator reads version 1's leaf index (none yet), then fails before its commit
    await record('log/repaired', revisions('Repair', [1]));
    const store = log.log as IntegratorDeps['log'] & { commit: IntegratorDeps['log']['commit'] };
    store.commit = async () => {
      throw new Error('stopped before the commit');
    };
    try {
      await expect(integrateLog(log)).rejects.toThrow('stopped before the commit');
    } finally {
      delete (store as Partial<typeof store>).commit;
    }
    // another integrator logs version 1, then version 2 but stops before marking it
    const other = integratorDeps(harness.clients.documents, harness.tableName, log.signer);
    await integrateLog(other);
    await record('log/repaired', revisions('Repair', [2]));
    const stopping: IntegratorDeps = {
      ...other,
      log: Object.assign(Object.create(other.log) as IntegratorDeps['log'], {
        markLogged: async () => {
          throw new Error('stopped before marking');
        },
      }),
    };
    await expect(integrateLog(stopping)).rejects.toThrow('stopped before marking');
    // Act: the first integrator's next lease repairs the unmarked run
    const repaired = await integrateLog(log);
    // Assess: version 1's leaf kept, version 2's noted, neither logged twice
    expect(repaired.integrated).toBe(0);
    const leaves = [];
    for (const stored of await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'log/repaired')) leaves.push((await proveRecord(stored, log)).leafIndex);
    expect(leaves).toHaveLength(2);
    expect(leaves[1]! - leaves[0]!).toBe(1);
  });

  it('queues a version again when its writer died before queuing it: the next write to the story rolls it forward', async () => {
    // Prepare: version 1 committed, its queue entry lost (the writer stopped between the two writes)
    await record('log/crashed', revisions('Crash', [1]));
    await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: marshall({ PK: 'LOG#QUEUE', SK: 'log/crashed#0000000' }) }));
    const before = (await integrateLog(log)).state;
    const [lost] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'log/crashed');
    await expect(proveRecord(lost!, log)).rejects.toThrow(/not in the log/);
    // Act: the next writer is another process (the one that died took its memory with it)
    await record('log/crashed', revisions('Crash', [2]), { ...harness.deps, ledger: new DynamoDbLedger(harness.clients.documents, harness.tableName) });
    const after = (await integrateLog(log)).state;
    // Assess
    expect(after.size).toBe(before.size + 2);
    expect(await checkStoryInLog('log/crashed', { ...log, ledger: harness.deps.ledger }, {})).toMatchObject({ logged: 2, pending: 0 });
  });

  it('backfills the records written before the log began, oldest story first, once; never one recorded since', async () => {
    // Prepare: a table of its own whose records were written before the log existed (no queue entries)
    const { ledger, deps, written, write } = await logOfItsOwn('backfill', 'log/template');
    await write('old/budget', '2024-03-01T00:00:00.000Z');
    await write('old/budget', '2024-03-02T00:00:00.000Z');
    await write('old/census', '2023-07-01T00:00:00.000Z');
    const empty = await integrateLog(deps);
    const inserted = await write('old/inserted', new Date(Date.parse(empty.state.signedAt) + 1).toISOString());
    // Act
    const backfill = await backfillLog({ ...deps, ledger });
    const after = await integrateLog(deps);
    const again = await backfillLog({ ...deps, ledger });
    // Assess
    expect([empty.state.size, backfill.queued, backfill.recordedSinceStart, after.state.size]).toEqual([0, 3, 1, 3]);
    const leafOf = async (storyId: string, version: number) => (await proveRecord(written.find((r) => r.storyId === storyId && r.version === version)!, deps)).leafIndex;
    expect([await leafOf('old/census', 1), await leafOf('old/budget', 1), await leafOf('old/budget', 2)]).toEqual([0, 1, 2]);
    expect([again.queued, again.recordedSinceStart]).toEqual([0, 1]);
    expect((await integrateLog(deps)).integrated).toBe(0);
    expect((await checkStoryInLog('old/inserted', { ...deps, ledger }, {})).firstProblem).toMatchObject({ kind: 'not-in-log', version: inserted.version });
  });

  it('reads the log as earlier builds stored it (leaf-key bundles as JSON text, leaf indexes with an item type) and stores new ones compact', async () => {
    // Prepare: a log of its own with two stories, then put back as the builds before compression stored it
    const { tableName, ledger, deps, written, write: writeAt } = await logOfItsOwn('layouts', 'log/layout-template');
    const write = (storyId: string) => writeAt(storyId, new Date().toISOString(), { queue: true });
    await write('old/harbour');
    await write('old/harbour');
    await write('old/tram');
    const before = await integrateLog(deps);
    const oldKeys = (await deps.log.readLeafKeys(0)).map((k) => [k.storyId, k.version]);
    await harness.clients.documents.send(new PutCommand({ TableName: tableName, Item: { PK: 'LOG', SK: keys.logLeafKeys(0), itemType: 'log-leaves', leaves: JSON.stringify(oldKeys) } }));
    for (const storyId of ['old/harbour', 'old/tram']) {
      const index = await harness.clients.documents.send(new GetCommand({ TableName: tableName, Key: { PK: `STORY#${storyId}`, SK: 'LOG#0000000' } }));
      await harness.clients.documents.send(new PutCommand({ TableName: tableName, Item: { ...index.Item, itemType: 'log-story-leaves' } }));
    }
    // Act: the old layout is audited and proven, then a new version lands in the same (old) bundle
    const oldAudit = await auditLog({ ...deps, ledger });
    const oldLeaves = [];
    for (const stored of written) oldLeaves.push((await proveRecord(stored, deps)).leafIndex);
    await write('new/ferry');
    const after = await integrateLog(deps);
    const newAudit = await auditLog({ ...deps, ledger });
    // Assess
    expect([before.state.size, after.state.size]).toEqual([3, 4]);
    expect(oldAudit).toMatchObject({ leavesChecked: 3, problems: [] });
    expect(oldLeaves).toEqual([0, 1, 2]);
    expect(newAudit).toMatchObject({ leavesChecked: 4, problems: [] });
    expect((await proveRecord(written[3]!, deps)).leafIndex).toBe(3);
    const bundle = (await harness.clients.documents.send(new GetCommand({ TableName: tableName, Key: { PK: 'LOG', SK: keys.logLeafKeys(0) } }))).Item!;
    expect(bundle.leaves).toBeInstanceOf(Uint8Array);
    expect((bundle.leaves as Uint8Array).length).toBeLessThan(JSON.stringify([...oldKeys, ['new/ferry', 1]]).length);
    const ferry = (await harness.clients.documents.send(new GetCommand({ TableName: tableName, Key: { PK: 'STORY#new/ferry', SK: 'LOG#0000000' } }))).Item!;
    expect(Object.keys(ferry).sort()).toEqual(['PK', 'SK', 'leaves']);
  });

  it('catches a record queued late: one inserted with an earlier time and queued after a checkpoint that should have held it is logged-late', async () => {
    // Prepare: a log of its own whose integrations run at chosen times
    const tableName = `${harness.tableName}-late`;
    await ensureTable(harness.clients.dynamodb, tableName);
    const ledger = new DynamoDbLedger(harness.clients.documents, tableName);
    const start = Date.now();
    let now = start;
    const deps: IntegratorDeps = { ...integratorDeps(harness.clients.documents, tableName, log.signer), clock: () => new Date(now) };
    await record('log/late-template', revisions('Template', [1]));
    const [template] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'log/late-template');
    const { chainHash: _c, previousChainHash: _p, ...fields } = template!;
    const written: VersionRecord[] = [];
    /** Writes a chained version record at `recordedAt`; queued as its writer would queue it unless `queue` is false. */
    const write = async (storyId: string, recordedAt: number, queue = true) => {
      const previous = written.filter((r) => r.storyId === storyId).at(-1);
      const stored = chainRecord({ ...fields, storyId, version: (previous?.version ?? 0) + 1, recordedAt: new Date(recordedAt).toISOString() }, previous);
      await harness.clients.documents.send(new PutCommand({ TableName: tableName, Item: { ...stored, ...versionItemKeys(stored) } }));
      if (queue) await harness.clients.documents.send(new UpdateCommand(logQueueUpdate(tableName, [stored])));
      written.push(stored);
      return stored;
    };
    const minutes = (n: number) => n * 60_000;
    await write('late/budget', start);
    await integrateLog(deps); // the log begins: checkpoint of 1 leaf
    const inserted = await write('late/budget', start + minutes(1), false); // in the table, not queued
    now = start + minutes(120);
    await write('late/census', now - minutes(1));
    const missed = (await integrateLog(deps)).state; // 2 leaves, signed two hours after version 2 of late/budget
    // Act: an insider queues the inserted version; the next integration logs it
    now += minutes(1);
    await harness.clients.documents.send(new UpdateCommand(logQueueUpdate(tableName, [inserted])));
    await write('late/census', now - minutes(5)); // a prompt record: queued minutes after its time
    const after = (await integrateLog(deps)).state;
    const check = await checkStoryInLog('late/budget', { ...deps, ledger }, {});
    const prompt = await checkStoryInLog('late/census', { ...deps, ledger }, {});
    const audit = await auditLog({ ...deps, ledger });
    // Assess
    expect([missed.size, after.size]).toEqual([2, 4]);
    expect(check.firstProblem).toMatchObject({ kind: 'logged-late', version: 2 });
    expect(check.firstProblem?.detail).toMatch(/checkpoint signed 119 minutes later .*2 leaves\) did not hold it/);
    expect(prompt).toMatchObject({ logged: 2, pending: 0 });
    expect(prompt.firstProblem).toBeUndefined();
    expect(audit.problems.map((p) => [p.kind, p.storyId, p.version, p.leafIndex])).toEqual([['logged-late', 'late/budget', 2, 2]]);
    expect(audit.leavesChecked).toBe(3);
  });

  it('catches a story rewritten with re-computed hashes: log-mismatch, though its chain verifies', async () => {
    // Prepare
    await record('log/rewritten', revisions('Bridge', [1, 2, 3]));
    const kept = (await integrateLog(log)).state.checkpoint;
    // Act
    await rewriteStory('log/rewritten', 2, { keepLogIndex: true });
    // Assess
    expect((await verifyStory('log/rewritten', harness.deps)).ok).toBe(true);
    const check = await checkStoryInLog('log/rewritten', { ...log, ledger: harness.deps.ledger }, { keptCheckpoint: kept });
    expect(check.firstProblem).toMatchObject({ kind: 'log-mismatch', version: 2 });
  });

  it('catches a story rewritten and fed to the integrator again: the full audit finds the old leaves', async () => {
    // Prepare
    await record('log/relogged', revisions('Dam', [7, 8]));
    const kept = (await integrateLog(log)).state.checkpoint;
    // Act: rewrite, mark as pending again, let the integrator log the forgery
    await rewriteStory('log/relogged', 1, { keepLogIndex: false });
    await integrateLog(log);
    // Assess
    const audit = await auditLog({ ...log, ledger: harness.deps.ledger }, { keptCheckpoint: kept });
    expect(audit.problems.filter((p) => p.storyId === 'log/relogged').map((p) => [p.kind, p.version])).toEqual([['log-mismatch', 1], ['log-mismatch', 2]]);
  });

  it('catches a deleted story: missing-record for each of its leaves', async () => {
    // Prepare
    await record('log/deleted', revisions('Strike', [10, 12]));
    const kept = (await integrateLog(log)).state.checkpoint;
    // Act
    for (const sk of ['V#0000000001', 'V#0000000002', 'SUMMARY']) {
      await harness.clients.dynamodb.send(new DeleteItemCommand({ TableName: harness.tableName, Key: marshall({ PK: 'STORY#log/deleted', SK: sk }) }));
    }
    // Assess
    const audit = await auditLog({ ...log, ledger: harness.deps.ledger }, { keptCheckpoint: kept });
    expect(audit.problems.filter((p) => p.storyId === 'log/deleted').map((p) => [p.kind, p.version])).toEqual([['missing-record', 1], ['missing-record', 2]]);
  });

  it('catches a record missing from the log: not-in-log', async () => {
    // Prepare: a version added straight to the table, chained correctly (index keys too) but never logged
    await record('log/inserted', revisions('Port', [1]));
    await integrateLog(log);
    const [first] = await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'log/inserted');
    const { chainHash: _c, previousChainHash: _p, ...fields } = first!;
    const inserted = chainRecord({ ...fields, version: 2, editor: 'Insider', recordedAt: '2020-01-01T00:00:00.000Z' }, first);
    await harness.clients.dynamodb.send(new PutItemCommand({ TableName: harness.tableName, Item: marshall({ ...inserted, ...versionItemKeys(inserted) }, { removeUndefinedValues: true }) }));
    // Act
    const check = await checkStoryInLog('log/inserted', { ...log, ledger: harness.deps.ledger }, {});
    // Assess
    expect((await verifyStory('log/inserted', harness.deps)).ok).toBe(true);
    expect(check.firstProblem).toMatchObject({ kind: 'not-in-log', version: 2 });
  });

  it('catches a forked log: same size with another root, a failing consistency proof, altered stored hashes', async () => {
    // Prepare: checkpoints the log's own key signed over trees that are not this log's
    const state = (await integrateLog(log)).state;
    const forkRoot = Buffer.alloc(32, 7);
    const sameSize = await signNote(formatCheckpointBody({ origin: log.signer.name, size: state.size, rootHash: forkRoot }), log.signer);
    const smaller = await signNote(formatCheckpointBody({ origin: log.signer.name, size: state.size - 3, rootHash: forkRoot }), log.signer);
    const larger = await signNote(formatCheckpointBody({ origin: log.signer.name, size: state.size + 3, rootHash: forkRoot }), log.signer);
    // Act / Assess
    for (const kept of [sameSize, smaller, larger]) {
      await expect(proveConsistency(kept, log)).rejects.toMatchObject({ kind: 'log-fork' });
      expect((await checkStoryInLog('log/quake', { ...log, ledger: harness.deps.ledger }, { keptCheckpoint: kept })).firstProblem).toMatchObject({ kind: 'log-fork' });
    }
    // the stored leaf hashes altered under the signed root
    const tileKey = marshall({ PK: 'LOG', SK: 'TILE#0#0000000000000' });
    const tile = (await harness.clients.dynamodb.send(new GetItemCommand({ TableName: harness.tableName, Key: tileKey }))).Item!;
    const altered = Buffer.from(tile.hashes!.B!);
    altered[0] = altered[0]! ^ 0xff;
    await harness.clients.dynamodb.send(new UpdateItemCommand({ TableName: harness.tableName, Key: tileKey, UpdateExpression: 'SET hashes = :h', ExpressionAttributeValues: { ':h': { B: altered } } }));
    try {
      const audit = await auditLog({ ...log, ledger: harness.deps.ledger });
      expect(audit.problems[0]).toMatchObject({ kind: 'log-fork' });
    } finally {
      await harness.clients.dynamodb.send(new UpdateItemCommand({ TableName: harness.tableName, Key: tileKey, UpdateExpression: 'SET hashes = :h', ExpressionAttributeValues: { ':h': tile.hashes! } }));
    }
  });

  it('catches a checkpoint with a bad signature: the kept one altered, or the log\'s own replaced', async () => {
    // Prepare
    const state = (await integrateLog(log)).state;
    const altered = state.checkpoint.replace(`\n${state.size}\n`, `\n${state.size + 1}\n`);
    // Act / Assess: the kept checkpoint
    await expect(proveConsistency(altered, log)).rejects.toMatchObject({ kind: 'bad-signature' });
    // the log's current checkpoint re-signed by another key, checked with the key the auditor kept
    const impostorDir = mkdtempSync(join(tmpdir(), 'redline-impostor-'));
    try {
      const impostor = LocalKeySigner.openOrCreate(impostorDir, { origin: log.signer.name });
      const forged = await signNote(formatCheckpointBody({ origin: impostor.name, size: state.size, rootHash: Buffer.from(state.rootHash, 'base64') }), impostor);
      const stateKey = marshall({ PK: 'LOG', SK: 'STATE' });
      await harness.clients.dynamodb.send(new UpdateItemCommand({ TableName: harness.tableName, Key: stateKey, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'checkpoint' }, ExpressionAttributeValues: { ':c': { S: forged } } }));
      const check = await checkStoryInLog('log/quake', { ...log, ledger: harness.deps.ledger }, { verifierKey: state.verifierKey });
      expect(check.firstProblem).toMatchObject({ kind: 'bad-signature' });
      await harness.clients.dynamodb.send(new UpdateItemCommand({ TableName: harness.tableName, Key: stateKey, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'checkpoint' }, ExpressionAttributeValues: { ':c': { S: state.checkpoint } } }));
    } finally {
      rmSync(impostorDir, { recursive: true, force: true });
    }
  });

  it.runIf(options.cliBinary === true)('answers the CLI contract through the redline binary against this backend: checkpoint, prove, consistency --json, --backfill', { timeout: 300_000 }, async () => {
    // Prepare
    const targetFor = (table: string) => ['--dynamodb-endpoint', harness.dynamodbEndpoint, '--s3-endpoint', harness.s3Endpoint, '--bucket', harness.bucket, '--table', table, '--region', 'us-east-1', '--data-dir', keyDir];
    const target = targetFor(harness.tableName);
    await record('cli/contract', revisions('Contract', [1, 2]));
    const kept = await redline(['log', 'checkpoint', '--json', ...target]);
    expect(kept.code, kept.stderr).toBe(0);
    const keptView = JSON.parse(kept.stdout) as { checkpoint: string; verifierKey: string; size: number; rootHash: string };
    const keptFile = join(keyDir, 'kept.txt');
    writeFileSync(keptFile, keptView.checkpoint);
    await record('cli/contract', revisions('Contract', [3]));
    // Act
    const now = await redline(['log', 'checkpoint', '--json', ...target]);
    const [prove, consistency, backfill] = await Promise.all([
      redline(['log', 'prove', 'cli/contract', '3', '--json', ...target]),
      redline(['log', 'consistency', keptFile, '--json', ...target]),
      // the backfill test's table: its one record recorded since the log began is reported, not logged
      redline(['log', 'checkpoint', '--json', '--backfill', ...targetFor(`${harness.tableName}-backfill`)]),
    ]);
    // Assess
    expect([now.code, prove.code, consistency.code, backfill.code], now.stderr + prove.stderr + consistency.stderr + backfill.stderr).toEqual([0, 0, 0, 0]);
    const view = JSON.parse(now.stdout) as typeof keptView;
    expect(Object.keys(view)).toEqual(['checkpoint', 'verifierKey', 'size', 'rootHash']);
    const verifier = parseVerifierKey(keptView.verifierKey);
    const [oldBody, body] = [openCheckpoint(keptView.checkpoint, verifier), openCheckpoint(view.checkpoint, verifier)];
    expect([body.size, body.rootHash.toString('base64'), view.size - keptView.size]).toEqual([view.size, view.rootHash, 1]);
    const proof = JSON.parse(prove.stdout) as { leafIndex: number; leafData: string; inclusionProof: string[]; checkpoint: string; verifierKey: string };
    expect(Object.keys(proof)).toEqual(['leafIndex', 'leafData', 'inclusionProof', 'checkpoint', 'verifierKey']);
    const stored = (await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, 'cli/contract'))[2]!;
    expect([proof.leafData, proof.checkpoint]).toEqual([stored.chainHash, view.checkpoint]);
    verifyInclusion(proof.leafIndex, body.size, leafHash(Buffer.from(proof.leafData, 'hex')), proof.inclusionProof.map((h) => Buffer.from(h, 'base64')), body.rootHash);
    const extension = JSON.parse(consistency.stdout) as { oldCheckpoint: string; checkpoint: string; consistencyProof: string[] };
    expect(Object.keys(extension)).toEqual(['oldCheckpoint', 'checkpoint', 'consistencyProof']);
    verifyConsistency(oldBody.size, body.size, oldBody.rootHash, body.rootHash, extension.consistencyProof.map((h) => Buffer.from(h, 'base64')));
    expect(JSON.parse(backfill.stdout)).toMatchObject({ size: 3 });
    expect(backfill.stderr).toMatch(/backfill: 0 version records written before the log began .* appended; 1 recorded since then is not in the log/);
  });
}
