// Interoperability: Go's reference implementations (golang.org/x/mod/sumdb/note and sumdb/tlog)
// verify Redline's signed checkpoints, inclusion proofs and consistency proofs with no Redline code.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestNotification } from '../../lambdas/app/process-event.ts';
import { integrateLog, proveConsistency, proveRecord, type IntegratorDeps } from '../../lambdas/app/transparency-log.ts';
import { integratorDeps } from '../../lambdas/app/log-wiring.ts';
import { LocalKeySigner } from '../../lambdas/adapters/local-signer.ts';
import { formatCheckpointBody, noteVerifierKey, signNote } from '../../lambdas/core/checkpoint.ts';
import { appendToTiles, consistencyRanges, inclusionRanges, leafHash, rangeHashes, tileId } from '../../lambdas/core/merkle.ts';
import { embeddedHarness, versionsViaDynamoDb, type Harness } from '../support/harness.ts';
import { goAvailable, runGoVerifier, type GoCases } from '../support/go-interop.ts';

const quiet = { info() {}, warn() {}, error() {} };

if (process.env.REDLINE_SKIP_GO === '1') {
  describe.skip('Go interop (skipped by REDLINE_SKIP_GO=1)', () => {
    it.skip('needs golang-go and golang-golang-x-mod-dev', () => {});
  });
} else {
  if (!goAvailable()) throw new Error('Go interop needs `apt-get install golang-go golang-golang-x-mod-dev` (bash .ci/run installs them) or set REDLINE_SKIP_GO=1');
  describe("Go interop: golang.org/x/mod/sumdb/note + tlog verify Redline's log", () => {
    let harness: Harness;
    let keyDir: string;
    let log: IntegratorDeps;
    const cases: { -readonly [K in keyof GoCases]-?: NonNullable<GoCases[K]> } = { verifierKey: '', checkpoints: [], inclusions: [], consistency: [] };

    beforeAll(async () => {
      harness = await embeddedHarness('embedded');
      keyDir = mkdtempSync(join(tmpdir(), 'redline-go-'));
      log = integratorDeps(harness.clients.documents, harness.tableName, LocalKeySigner.openOrCreate(keyDir, { origin: 'news.example/redline' }));
    });
    afterAll(async () => {
      await harness?.close();
      if (keyDir) rmSync(keyDir, { recursive: true, force: true });
    });

    it('accepts every checkpoint, inclusion proof and consistency proof the log produced', async () => {
      // Prepare: record stories in rounds, signing a checkpoint after each (sizes 1, 3, 4, 7, 9)
      const kept: string[] = [];
      let round = 0;
      for (const batch of [1, 2, 1, 3, 2]) {
        round += 1;
        for (let i = 0; i < batch; i++) await harness.put(`stories/go/story-${i}.txt`, `Story ${i}\n\nRound ${round}: ${round * 10 + i} people.`);
        for (const event of await harness.takeEvents()) await ingestNotification(event, harness.deps, quiet);
        kept.push((await integrateLog(log)).state.checkpoint);
      }
      cases.verifierKey = (await log.log.state())!.verifierKey;
      cases.checkpoints.push(...kept);
      for (let i = 0; i < 3; i++) {
        for (const record of await versionsViaDynamoDb(harness.clients.dynamodb, harness.tableName, `go/story-${i}`)) cases.inclusions.push(await proveRecord(record, log));
      }
      for (const old of kept) cases.consistency.push(await proveConsistency(old, log));
      // Act
      const go = await runGoVerifier(cases);
      // Assess
      expect(cases.inclusions).toHaveLength(9);
      expect(go.results.filter((r) => !r.ok)).toEqual([]);
      expect(go.results).toHaveLength(5 + 9 + 5);
      expect(go.status).toBe(0);
    });

    it('accepts proofs across tile borders of a 600-leaf tree, signed by the same key format', async () => {
      // Prepare
      const signer = LocalKeySigner.openOrCreate(mkdtempSync(join(tmpdir(), 'redline-go-big-')), { origin: 'news.example/big' });
      const data = Array.from({ length: 600 }, (_, i) => Buffer.alloc(32, i % 251).fill(i >> 8, 0, 1));
      const built = appendToTiles(0, new Map(), data.map((d) => leafHash(d)));
      const tiles = new Map(built.tiles.map((t) => [tileId(t), t.hashes]));
      const checkpointAt = async (size: number) => {
        const root = appendToTiles(0, new Map(), data.slice(0, size).map((d) => leafHash(d))).root;
        return signNote(formatCheckpointBody({ origin: signer.name, size, rootHash: root }), signer);
      };
      const sizes = [1, 255, 256, 257, 511, 600];
      const notes = new Map<number, string>();
      for (const size of sizes) notes.set(size, await checkpointAt(size));
      const big: Required<GoCases> = { verifierKey: noteVerifierKey(signer.name, await signer.publicKey()), checkpoints: [...notes.values()], inclusions: [], consistency: [] };
      for (const leafIndex of [0, 254, 255, 256, 300, 510, 599]) {
        big.inclusions.push({ leafIndex, leafData: data[leafIndex]!.toString('hex'), inclusionProof: rangeHashes(inclusionRanges(leafIndex, 600), tiles).map((h) => h.toString('base64')), checkpoint: notes.get(600)! });
      }
      for (const old of sizes) {
        big.consistency.push({ oldCheckpoint: notes.get(old)!, checkpoint: notes.get(600)!, consistencyProof: rangeHashes(consistencyRanges(old, 600), tiles).map((h) => h.toString('base64')) });
      }
      // Act
      const go = await runGoVerifier(big);
      // Assess
      expect(go.results.filter((r) => !r.ok)).toEqual([]);
      expect(go.results).toHaveLength(6 + 7 + 6);
    });

    it('rejects an altered checkpoint, a proof for other data and a cut consistency proof', async () => {
      // Prepare: the first test's cases, each spoiled in one way
      const inclusion = cases.inclusions.at(-1)!;
      const consistency = cases.consistency.find((c) => c.consistencyProof.length > 0)!;
      const spoiled: GoCases = {
        verifierKey: cases.verifierKey,
        checkpoints: [cases.checkpoints.at(-1)!.replace('\n9\n', '\n10\n')],
        inclusions: [{ ...inclusion, leafData: '00'.repeat(32) }],
        consistency: [{ ...consistency, consistencyProof: consistency.consistencyProof.slice(1) }],
      };
      // Act
      const go = await runGoVerifier(spoiled);
      // Assess
      expect(go.status).toBe(1);
      expect(go.results.map((r) => r.ok)).toEqual([false, false, false]);
      expect(go.results[0]?.error).toMatch(/invalid signature/);
    });
  });
}
