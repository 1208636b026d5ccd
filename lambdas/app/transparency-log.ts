// Use cases of the transparency log: integrate pending version records and sign a checkpoint,
// prove a record's inclusion, prove that the log extends a kept checkpoint, and check a story (or
// the whole log) against a checkpoint. The Merkle math and the note format are in core; the store
// and the signer are ports, so the same code runs on the embedded store, DynamoDB Local, moto and AWS.
import { randomUUID } from 'node:crypto';
import {
  CheckpointError,
  formatCheckpointBody,
  noteVerifierKey,
  openCheckpoint,
  parseVerifierKey,
  signNote,
  type CheckpointBody,
  type NoteSigner,
  type NoteVerifier,
} from '../core/checkpoint.ts';
import {
  HASH_SIZE,
  ProofError,
  TILE_WIDTH,
  appendToTiles,
  consistencyRanges,
  edgeTiles,
  emptyRoot,
  inclusionRanges,
  leafHash,
  rangeHashes,
  tileId,
  tilesForRanges,
  trimTile,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type LeafRange,
} from '../core/merkle.ts';
import { LogBusyError } from '../core/errors.ts';
import type { VersionRecord } from '../core/ledger.ts';
import type { CheckpointPublisher, LeafKey, Ledger, LogState, PendingLeaf, TransparencyLogStore } from '../ports.ts';
import type { StoryVerification } from './verify.ts';

export interface LogDeps {
  readonly log: TransparencyLogStore;
  readonly clock: () => Date;
}

export interface IntegratorDeps extends LogDeps {
  readonly signer: NoteSigner;
  readonly publisher?: CheckpointPublisher;
}

/** The answer of `redline log checkpoint` and `GET /log/checkpoint`. */
export interface CheckpointView {
  readonly checkpoint: string;
  readonly verifierKey: string;
  readonly size: number;
  readonly rootHash: string;
}

export type LogProblemKind =
  /** A record of the ledger is not in the log (no leaf index, or not yet integrated long after its time). */
  | 'not-in-log'
  /** The leaf at the record's index is not the record's chain hash: the record was rewritten after it was logged. */
  | 'log-mismatch'
  /** The log does not extend the kept checkpoint (a failing consistency proof, a shrunk tree, or two roots for one size). */
  | 'log-fork'
  /** A checkpoint's signature does not verify with the log's verifier key. */
  | 'bad-signature'
  /** A leaf of the log names a version record the ledger no longer has (a deleted record or story). */
  | 'missing-record'
  /**
   * The record is in the log, but a checkpoint signed more than LOGGING_GRACE_MS after its
   * recordedAt (and after the log began) did not hold it: it was queued late. A record inserted
   * with an earlier time and queued anyway, or (benign) one whose writer stopped before queuing it
   * and which the story's next write queued.
   */
  | 'logged-late';

export class LogVerificationError extends Error {
  constructor(
    readonly kind: LogProblemKind,
    message: string,
  ) {
    super(message);
    this.name = 'LogVerificationError';
  }
}

/** No checkpoint yet, or the record is not in the log yet: nothing to prove. */
export class NotInLogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotInLogError';
  }
}

const DEFAULT_LEASE_MS = 120_000;
/**
 * How long after its recordedAt a record may still be missing from a signed checkpoint: its writer
 * queues it within its Lambda run (≤ 15 minutes), an integration that read the queue just before
 * signs within its lease (2 minutes), and the rest is slack for the writers' and the integrator's clocks.
 */
export const LOGGING_GRACE_MS = 20 * 60_000;
/** Checkpoints read per page when an audit walks the checkpoint history. */
const CHECKPOINT_PAGE = 500;
/** Leaves appended under one lease and one checkpoint. */
export const DEFAULT_MAX_LEAVES = 20_000;

export function viewOf(state: LogState): CheckpointView {
  return { checkpoint: state.checkpoint, verifierKey: state.verifierKey, size: state.size, rootHash: state.rootHash };
}

export function chainHashLeaf(chainHash: string): Hash {
  const data = Buffer.from(chainHash, 'hex');
  if (data.length !== HASH_SIZE || data.toString('hex') !== chainHash.toLowerCase()) throw new TypeError(`"${chainHash}" is not a 32-byte hex chain hash`);
  return leafHash(data);
}

async function readTrimmed(log: TransparencyLogStore, refs: ReturnType<typeof edgeTiles>, size: number): Promise<Map<string, Buffer>> {
  const stored = await log.readTiles(refs);
  return new Map(refs.map((ref) => [tileId(ref), trimTile(ref, stored.get(tileId(ref)), size)]));
}

async function hashesOf(log: TransparencyLogStore, ranges: readonly LeafRange[], size: number): Promise<Hash[]> {
  return rangeHashes(ranges, await readTrimmed(log, tilesForRanges(ranges), size));
}

export interface IntegrationResult {
  /** Leaves appended by this run. */
  readonly integrated: number;
  /** Whether a new checkpoint was signed. */
  readonly signed: boolean;
  readonly state: LogState;
  /** When the oldest record this run integrated was recorded (the integration lag is now minus this). */
  readonly oldestRecordedAt?: string;
}

/**
 * Appends every pending version record (up to `maxLeaves`) to the log and signs a checkpoint over
 * the new tree; signs the empty tree's checkpoint when there is none yet. One integrator at a time:
 * a lease on the log state; the state write is the commit point, so a crash leaves the committed
 * tree as it was (tiles written beyond it are ignored and overwritten by the next run).
 */
export async function integrateLog(deps: IntegratorDeps, options: { maxLeaves?: number; leaseMs?: number } = {}): Promise<IntegrationResult> {
  const owner = randomUUID();
  const now = deps.clock();
  const leased = await deps.log.lease(owner, now, new Date(now.getTime() + (options.leaseMs ?? DEFAULT_LEASE_MS)));
  try {
    const previous = leased.state;
    if (previous && previous.origin !== deps.signer.name) {
      throw new CheckpointError('wrong-origin', `this log's origin is "${previous.origin}", the signing key is for "${deps.signer.name}"`);
    }
    if (leased.unmarked) await deps.log.markLogged(leased.unmarked, await leafKeysOf(deps.log, leased.unmarked.from, leased.unmarked.to));
    const pending = await deps.log.pending(options.maxLeaves ?? DEFAULT_MAX_LEAVES);
    if (previous && pending.length === 0) {
      await deps.log.release(owner);
      return { integrated: 0, signed: false, state: previous };
    }
    const size = previous?.size ?? 0;
    const edge = await readTrimmed(deps.log, edgeTiles(size), size);
    const appended = appendToTiles(size, edge, pending.map((leaf) => chainHashLeaf(leaf.chainHash)));
    await writeLeafKeys(deps.log, size, pending);
    await deps.log.writeTiles(appended.tiles);
    const body: CheckpointBody = { origin: deps.signer.name, size: appended.size, rootHash: appended.size === 0 ? emptyRoot() : appended.root };
    const state: LogState = {
      origin: deps.signer.name,
      size: body.size,
      rootHash: body.rootHash.toString('base64'),
      checkpoint: await signNote(formatCheckpointBody(body), deps.signer),
      verifierKey: noteVerifierKey(deps.signer.name, await deps.signer.publicKey()),
      signedAt: deps.clock().toISOString(),
    };
    const run = { from: size, to: appended.size };
    await deps.log.commit(owner, size, state, run);
    await deps.log.markLogged(run, pending);
    await deps.publisher?.publish(state);
    const oldestRecordedAt = pending.map((leaf) => leaf.recordedAt).sort()[0];
    return { integrated: pending.length, signed: true, state, ...(oldestRecordedAt ? { oldestRecordedAt } : {}) };
  } catch (error) {
    await deps.log.release(owner).catch(() => undefined);
    throw error;
  }
}

/** Integrates, waiting out a concurrent integrator (e.g. `redline start`'s timer) for up to `waitMs`. */
export async function integrateLogPatiently(deps: IntegratorDeps, options: { waitMs?: number; maxLeaves?: number; sleep?: (ms: number) => Promise<void> } = {}): Promise<IntegrationResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  const deadline = deps.clock().getTime() + (options.waitMs ?? 10_000);
  let total = 0;
  for (;;) {
    try {
      const result = await integrateLog(deps, options);
      total += result.integrated;
      if (result.integrated < (options.maxLeaves ?? DEFAULT_MAX_LEAVES)) return { ...result, integrated: total };
    } catch (error) {
      if (!(error instanceof LogBusyError) || deps.clock().getTime() > deadline) throw error;
      await sleep(100);
    }
  }
}

/** Writes the keys of the leaves appended after `size`, bundle by bundle (all at once; only the first can hold leaves already committed). */
async function writeLeafKeys(log: TransparencyLogStore, size: number, leaves: readonly LeafKey[]): Promise<void> {
  const writes: Promise<void>[] = [];
  let offset = 0;
  while (offset < leaves.length) {
    const index = size + offset;
    const bundle = Math.floor(index / TILE_WIDTH);
    const start = bundle * TILE_WIDTH;
    const kept = start < size ? (await log.readLeafKeys(bundle)).slice(0, size - start) : [];
    if (kept.length !== Math.max(0, size - start)) throw new NotInLogError(`leaf key bundle ${bundle} is incomplete: the stored log is damaged`);
    const take = Math.min(leaves.length - offset, TILE_WIDTH - (index - start));
    writes.push(log.writeLeafKeys(bundle, [...kept, ...leaves.slice(offset, offset + take).map(({ storyId, version }) => ({ storyId, version }))]));
    offset += take;
  }
  await Promise.all(writes);
}

/** The keys of leaves [from, to). */
export async function leafKeysOf(log: TransparencyLogStore, from: number, to: number): Promise<LeafKey[]> {
  const out: LeafKey[] = [];
  for (let bundle = Math.floor(from / TILE_WIDTH); bundle * TILE_WIDTH < to; bundle++) {
    const keys = await log.readLeafKeys(bundle);
    const start = bundle * TILE_WIDTH;
    for (let i = Math.max(from, start); i < Math.min(to, start + TILE_WIDTH); i++) {
      const key = keys[i - start];
      if (!key) throw new NotInLogError(`the key of leaf ${i} is missing: the stored log is damaged`);
      out.push(key);
    }
  }
  return out;
}

export interface LogBackfillResult {
  /** Records queued: no leaf, recorded before the log began. */
  readonly queued: number;
  /** Records with no leaf recorded after the log began: not queued (their writers queued them; verification reports any missing). */
  readonly recordedSinceStart: number;
  /** When the log began (its first checkpoint), or now when it has none. */
  readonly logStart: string;
}

/**
 * Queues the version records written before the log existed (no leaf, recorded before its first
 * checkpoint), so the next integration appends them, oldest story first, each story in version
 * order. Records recorded after the log began are never queued here: a writer queued each, so one
 * missing from the log is a finding for `verify`, not something a backfill may launder. Idempotent.
 */
export async function backfillLog(deps: LogDeps & { readonly ledger: Pick<Ledger, 'storyIds' | 'history'> }): Promise<LogBackfillResult> {
  const [first] = await deps.log.checkpoints(1, { oldestFirst: true });
  const logStart = first?.signedAt ?? deps.clock().toISOString();
  const size = (await deps.log.state())?.size ?? 0;
  const logged = new Set((await leafKeysOf(deps.log, 0, size)).map((key) => `${key.version}#${key.storyId}`));
  let queued = 0;
  let recordedSinceStart = 0;
  for await (const storyId of deps.ledger.storyIds()) {
    const waiting: PendingLeaf[] = [];
    let cursor: string | undefined;
    do {
      const page = await deps.ledger.history(storyId, { cursor, limit: 200 });
      for (const record of page.items) {
        if (logged.has(`${record.version}#${record.storyId}`)) continue;
        if (record.recordedAt < logStart) waiting.push({ storyId, version: record.version, chainHash: record.chainHash, recordedAt: record.recordedAt });
        else recordedSinceStart += 1;
      }
      cursor = page.cursor;
    } while (cursor);
    await deps.log.enqueue(waiting);
    queued += waiting.length;
  }
  return { queued, recordedSinceStart, logStart };
}

/** The log's current checkpoint, its signature checked with `verifier` (the log's own key when not given). */
export async function currentCheckpoint(deps: LogDeps, verifierKey?: string): Promise<{ state: LogState; body: CheckpointBody; verifier: NoteVerifier }> {
  const state = await deps.log.state();
  if (!state) throw new NotInLogError('the log has no checkpoint yet: run `redline log checkpoint` (or wait for the integrator)');
  const verifier = parseVerifierKey(verifierKey ?? state.verifierKey);
  try {
    return { state, body: openCheckpoint(state.checkpoint, verifier), verifier };
  } catch (error) {
    if (error instanceof CheckpointError && error.kind !== 'malformed') {
      throw new LogVerificationError('bad-signature', `the log's current checkpoint does not verify: ${error.message}`);
    }
    throw error;
  }
}

export interface InclusionProofView {
  readonly leafIndex: number;
  readonly leafData: string;
  readonly inclusionProof: string[];
  readonly checkpoint: string;
  readonly verifierKey: string;
}

/** An RFC 9162 inclusion proof of a version record against the current checkpoint (checked before it is returned). */
export async function proveRecord(record: VersionRecord, deps: LogDeps, options: { state?: LogState; verifierKey?: string } = {}): Promise<InclusionProofView> {
  const { state, body } = options.state ? { state: options.state, body: { size: options.state.size, rootHash: Buffer.from(options.state.rootHash, 'base64') } } : await currentCheckpoint(deps, options.verifierKey);
  const leafIndex = await deps.log.leafIndexOf(record.storyId, record.version);
  if (leafIndex === undefined || leafIndex >= body.size) {
    throw new NotInLogError(`version ${record.version} of "${record.storyId}" is not in the log yet (run \`redline log checkpoint\`, or wait for the integrator)`);
  }
  const proof = await hashesOf(deps.log, inclusionRanges(leafIndex, body.size), body.size);
  try {
    verifyInclusion(leafIndex, body.size, chainHashLeaf(record.chainHash), proof, body.rootHash);
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    throw new LogVerificationError('log-mismatch', `version ${record.version} of "${record.storyId}" is not the record logged at leaf ${leafIndex}: its chain hash was changed after it was logged`);
  }
  return { leafIndex, leafData: record.chainHash, inclusionProof: proof.map((h) => h.toString('base64')), checkpoint: state.checkpoint, verifierKey: state.verifierKey };
}

export interface ConsistencyProofView {
  readonly oldCheckpoint: string;
  readonly checkpoint: string;
  readonly consistencyProof: string[];
}

/** Opens a checkpoint someone kept; a bad signature or another log's checkpoint is a LogVerificationError. */
export function openKeptCheckpoint(note: string, verifier: NoteVerifier): CheckpointBody {
  try {
    return openCheckpoint(note, verifier);
  } catch (error) {
    if (error instanceof CheckpointError && error.kind !== 'malformed') throw new LogVerificationError('bad-signature', `the kept checkpoint does not verify: ${error.message}`);
    throw error;
  }
}

/** Proves that the current log extends `oldNote` (checked before it is returned). */
export async function proveConsistency(oldNote: string, deps: LogDeps, options: { verifierKey?: string } = {}): Promise<ConsistencyProofView> {
  const { state, body, verifier } = await currentCheckpoint(deps, options.verifierKey);
  const old = openKeptCheckpoint(oldNote, verifier);
  if (old.size > body.size) throw new LogVerificationError('log-fork', `the kept checkpoint has ${old.size} leaves, the log only ${body.size}: the log was cut back`);
  const proof = await hashesOf(deps.log, consistencyRanges(old.size, body.size), body.size);
  try {
    verifyConsistency(old.size, body.size, old.rootHash, body.rootHash, proof);
  } catch (error) {
    if (!(error instanceof ProofError)) throw error;
    throw new LogVerificationError('log-fork', `the log does not extend the kept checkpoint of size ${old.size}: ${error.message}`);
  }
  return { oldCheckpoint: oldNote, checkpoint: state.checkpoint, consistencyProof: proof.map((h) => h.toString('base64')) };
}

export interface LogProblem {
  readonly kind: LogProblemKind;
  readonly version?: number;
  readonly detail: string;
}

/** When the log began: its first checkpoint's signing time (records recorded earlier are backfilled, never late). */
async function logStartOf(log: TransparencyLogStore): Promise<string | undefined> {
  return (await log.checkpoints(1, { oldestFirst: true }))[0]?.signedAt;
}

/**
 * The record at `leafIndex` was queued late when `before` (the last checkpoint signed before its
 * leaf was added: at most `leafIndex` leaves) was signed more than LOGGING_GRACE_MS after the
 * record's time, and the log already existed at that time.
 */
function loggedLate(record: VersionRecord, leafIndex: number, before: LogState | undefined, logStart: string | undefined): LogProblem | undefined {
  if (!before || logStart === undefined || record.recordedAt < logStart) return undefined;
  const lateBy = Date.parse(before.signedAt) - Date.parse(record.recordedAt);
  if (!(lateBy > LOGGING_GRACE_MS)) return undefined;
  return {
    kind: 'logged-late',
    version: record.version,
    detail:
      `version ${record.version} of "${record.storyId}" was recorded at ${record.recordedAt}, but the checkpoint signed ${Math.round(lateBy / 60_000)} minutes later ` +
      `(${before.signedAt}, ${before.size} leaves) did not hold it: it was queued late, as leaf ${leafIndex} (a record inserted with an earlier time, or one whose writer stopped before queuing it)`,
  };
}

/**
 * The last checkpoint with at most `leafIndex` leaves, for leaf indexes asked in ascending order:
 * reads the checkpoint history oldest first, a page at a time.
 */
export function checkpointsBefore(log: Pick<TransparencyLogStore, 'checkpoints'>, pageSize = CHECKPOINT_PAGE): (leafIndex: number) => Promise<LogState | undefined> {
  let page: LogState[] = [];
  let at = 0;
  let exhausted = false;
  let last: LogState | undefined;
  return async (leafIndex) => {
    for (;;) {
      if (at >= page.length) {
        if (exhausted) return last;
        page = await log.checkpoints(pageSize, { oldestFirst: true, ...(last ? { aboveSize: last.size } : {}) });
        at = 0;
        exhausted = page.length < pageSize;
        if (page.length === 0) return last;
      }
      if (page[at]!.size > leafIndex) return last;
      last = page[at++];
    }
  };
}

export interface StoryLogCheck {
  readonly size: number;
  readonly rootHash: string;
  /** Versions proven to be in the log. */
  readonly logged: number;
  /** Versions recorded after the checkpoint was signed and not yet integrated. */
  readonly pending: number;
  readonly firstProblem?: LogProblem;
}

/**
 * Checks a story's records against the log: the current checkpoint verifies and extends the kept
 * one, and every record is the leaf at its index (an inclusion proof each). Records recorded after
 * the current checkpoint was signed may still be pending.
 */
export async function checkStoryInLog(
  storyId: string,
  deps: LogDeps & { readonly ledger: Ledger },
  options: { keptCheckpoint?: string; verifierKey?: string },
): Promise<StoryLogCheck> {
  let current: Awaited<ReturnType<typeof currentCheckpoint>>;
  try {
    current = await currentCheckpoint(deps, options.verifierKey);
    if (options.keptCheckpoint !== undefined) await proveConsistency(options.keptCheckpoint, deps, { verifierKey: current.verifier.verifierKey });
  } catch (error) {
    if (error instanceof LogVerificationError) return { size: 0, rootHash: '', logged: 0, pending: 0, firstProblem: { kind: error.kind, detail: error.message } };
    throw error;
  }
  const { state } = current;
  const logStart = await logStartOf(deps.log);
  let logged = 0;
  let pending = 0;
  let cursor: string | undefined;
  const result = (firstProblem?: LogProblem): StoryLogCheck => ({ size: state.size, rootHash: state.rootHash, logged, pending, ...(firstProblem ? { firstProblem } : {}) });
  do {
    const page = await deps.ledger.history(storyId, { cursor, limit: 200 });
    for (const record of page.items) {
      try {
        const { leafIndex } = await proveRecord(record, deps, { state });
        const before = logStart !== undefined && record.recordedAt >= logStart ? (await deps.log.checkpoints(1, { atMostSize: leafIndex }))[0] : undefined;
        const late = loggedLate(record, leafIndex, before, logStart);
        if (late) return result(late);
        logged += 1;
      } catch (error) {
        if (error instanceof LogVerificationError) return result({ kind: error.kind, version: record.version, detail: error.message });
        if (!(error instanceof NotInLogError)) throw error;
        if (record.recordedAt > state.signedAt) {
          pending += 1;
          continue;
        }
        return result({ kind: 'not-in-log', version: record.version, detail: `version ${record.version} was recorded at ${record.recordedAt}, before the checkpoint of ${state.signedAt}, but is not in the log` });
      }
    }
    cursor = page.cursor;
  } while (cursor);
  return result();
}

export interface LogAudit {
  readonly size: number;
  readonly rootHash: string;
  /** Leaves whose records were found with the logged chain hash. */
  readonly leavesChecked: number;
  readonly problems: (LogProblem & { readonly leafIndex?: number; readonly storyId?: string })[];
}

/**
 * Walks every leaf of the log: recomputes the root from the stored leaf hashes (the stored tree is
 * the signed one) and checks that each leaf is the chain hash of a version record the ledger still
 * has. Catches deleted stories and records, and stories rewritten even after the rewrite was logged.
 */
export async function auditLog(
  deps: LogDeps & { readonly ledger: Pick<Ledger, 'getVersion'> },
  options: { keptCheckpoint?: string; verifierKey?: string; maxProblems?: number } = {},
): Promise<LogAudit> {
  const problems: LogAudit['problems'] = [];
  let current: Awaited<ReturnType<typeof currentCheckpoint>>;
  try {
    current = await currentCheckpoint(deps, options.verifierKey);
    if (options.keptCheckpoint !== undefined) await proveConsistency(options.keptCheckpoint, deps, { verifierKey: current.verifier.verifierKey });
  } catch (error) {
    if (error instanceof LogVerificationError) return { size: 0, rootHash: '', leavesChecked: 0, problems: [{ kind: error.kind, detail: error.message }] };
    throw error;
  }
  const { body } = current;
  const maxProblems = options.maxProblems ?? 100;
  const logStart = await logStartOf(deps.log);
  const checkpointBefore = checkpointsBefore(deps.log);
  let rebuilt = appendToTiles(0, new Map(), []);
  let edge = new Map<string, Buffer>();
  let checked = 0;
  for (let bundle = 0; bundle * TILE_WIDTH < body.size; bundle++) {
    const from = bundle * TILE_WIDTH;
    const to = Math.min(body.size, from + TILE_WIDTH);
    const tile = trimTile({ level: 0, index: bundle }, (await deps.log.readTiles([{ level: 0, index: bundle }])).get(tileId({ level: 0, index: bundle })), body.size);
    const keys = await leafKeysOf(deps.log, from, to);
    const leaves: Hash[] = [];
    for (let i = from; i < to; i++) {
      const stored = tile.subarray((i - from) * HASH_SIZE, (i - from + 1) * HASH_SIZE);
      leaves.push(stored);
      const key = keys[i - from]!;
      const record = await deps.ledger.getVersion(key.storyId, key.version);
      if (!record) {
        problems.push({ kind: 'missing-record', leafIndex: i, storyId: key.storyId, version: key.version, detail: `leaf ${i} is version ${key.version} of "${key.storyId}", which the ledger no longer has (deleted)` });
      } else if (!chainHashLeaf(record.chainHash).equals(stored)) {
        problems.push({ kind: 'log-mismatch', leafIndex: i, storyId: key.storyId, version: key.version, detail: `leaf ${i} logged version ${key.version} of "${key.storyId}" with another chain hash: the record was rewritten` });
      } else {
        const late = loggedLate(record, i, await checkpointBefore(i), logStart);
        if (late) problems.push({ ...late, leafIndex: i, storyId: key.storyId });
        else checked += 1;
      }
      if (problems.length >= maxProblems) return { size: body.size, rootHash: body.rootHash.toString('base64'), leavesChecked: checked, problems };
    }
    rebuilt = appendToTiles(rebuilt.size, edge, leaves);
    for (const changed of rebuilt.tiles) edge.set(tileId(changed), changed.hashes);
    const onEdge = new Set(edgeTiles(rebuilt.size).map(tileId));
    for (const id of [...edge.keys()]) if (!onEdge.has(id)) edge.delete(id);
  }
  if (!rebuilt.root.equals(body.rootHash)) {
    problems.unshift({ kind: 'log-fork', detail: `the stored leaves hash to ${rebuilt.root.toString('base64')}, not to the signed root ${body.rootHash.toString('base64')}: the stored tree was altered` });
  }
  return { size: body.size, rootHash: body.rootHash.toString('base64'), leavesChecked: checked, problems };
}

/** A story's chain verification joined with its check against the log: one result, one first problem. */
export function withLogCheck(verification: StoryVerification, check: StoryLogCheck): StoryVerification & { readonly log: StoryLogCheck } {
  const logProblem: LogProblem | undefined =
    check.firstProblem ?? (verification.versions === 0 ? { kind: 'missing-record', detail: `the ledger has no records of story "${verification.storyId}" (deleted, or never recorded)` } : undefined);
  const firstProblem = verification.firstProblem ?? (logProblem ? { version: logProblem.version ?? 0, kind: logProblem.kind, detail: logProblem.detail } : undefined);
  const { firstProblem: _ignored, ...rest } = verification;
  return { ...rest, ok: firstProblem === undefined, ...(firstProblem ? { firstProblem } : {}), log: check };
}

/** What an evidence bundle carries from the log: the checkpoint and each logged version's inclusion proof. */
export interface BundleLogProofs {
  readonly checkpoint: string;
  readonly verifierKey: string;
  /** When the checkpoint was signed: versions recorded later may lack a proof. */
  readonly signedAt: string;
  readonly proofs: { readonly version: number; readonly leafIndex: number; readonly inclusionProof: string[] }[];
}

/** Inclusion proofs of the records against the current checkpoint; undefined when the log has no checkpoint. */
export async function logProofsFor(records: readonly VersionRecord[], deps: LogDeps): Promise<BundleLogProofs | undefined> {
  const state = await deps.log.state();
  if (!state) return undefined;
  const proofs: BundleLogProofs['proofs'][number][] = [];
  for (const record of records) {
    try {
      const proof = await proveRecord(record, deps, { state });
      proofs.push({ version: record.version, leafIndex: proof.leafIndex, inclusionProof: proof.inclusionProof });
    } catch (error) {
      // Pending or rewritten records get no proof; the bundle's verification names them.
      if (!(error instanceof NotInLogError) && !(error instanceof LogVerificationError)) throw error;
    }
  }
  return { checkpoint: state.checkpoint, verifierKey: state.verifierKey, signedAt: state.signedAt, proofs };
}

/**
 * Checks a bundle's records against its checkpoint and proofs with no access to the log: the
 * checkpoint's signature (with `verifierKey` when the auditor has one), then each record's proof.
 */
export function checkBundleProofs(
  records: readonly VersionRecord[],
  log: BundleLogProofs,
  options: { verifierKey?: string } = {},
): { size: number; proven: number; pending: number; firstProblem?: LogProblem } {
  let body: CheckpointBody;
  try {
    body = openKeptCheckpoint(log.checkpoint, parseVerifierKey(options.verifierKey ?? log.verifierKey));
  } catch (error) {
    if (error instanceof LogVerificationError || error instanceof CheckpointError) return { size: 0, proven: 0, pending: 0, firstProblem: { kind: 'bad-signature', detail: error.message } };
    throw error;
  }
  const byVersion = new Map(log.proofs.map((p) => [p.version, p]));
  let proven = 0;
  let pending = 0;
  const result = (firstProblem?: LogProblem) => ({ size: body.size, proven, pending, ...(firstProblem ? { firstProblem } : {}) });
  for (const record of records) {
    const proof = byVersion.get(record.version);
    if (!proof) {
      if (record.recordedAt > log.signedAt) {
        pending += 1;
        continue;
      }
      return result({ kind: 'not-in-log', version: record.version, detail: `version ${record.version} was recorded before the checkpoint but the bundle has no inclusion proof for it` });
    }
    try {
      verifyInclusion(proof.leafIndex, body.size, chainHashLeaf(record.chainHash), proof.inclusionProof.map((h) => Buffer.from(h, 'base64')), body.rootHash);
      proven += 1;
    } catch (error) {
      if (!(error instanceof ProofError)) throw error;
      return result({ kind: 'log-mismatch', version: record.version, detail: `version ${record.version} is not the record the log holds at leaf ${proof.leafIndex}: ${error.message}` });
    }
  }
  return result();
}

/** A consistency proof from the tree of `oldSize` leaves (the size of a checkpoint the caller kept) to the current one. */
export async function consistencyFromSize(oldSize: number, deps: LogDeps): Promise<{ oldSize: number; checkpoint: string; consistencyProof: string[] }> {
  const state = await deps.log.state();
  if (!state) throw new NotInLogError('the log has no checkpoint yet');
  if (oldSize > state.size) throw new NotInLogError(`the log has ${state.size} leaves, not ${oldSize}`);
  const proof = await hashesOf(deps.log, consistencyRanges(oldSize, state.size), state.size);
  return { oldSize, checkpoint: state.checkpoint, consistencyProof: proof.map((h) => h.toString('base64')) };
}
