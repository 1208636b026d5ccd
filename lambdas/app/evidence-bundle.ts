// Evidence bundles: one JSON file with a story's every version record, canonical text and
// overflowed patch, plus the verification result at export. A third party re-verifies it offline:
// verifyBundle runs the very same verifyStory over in-memory Ledger/Archive ports built from the
// file, so a bundle is checked exactly as the live ledger is.
import { isArchivedRejection, restorersIn, type ArchivedVersion, type VersionRecord } from '../core/ledger.ts';
import type { Archive, Ledger, Page, StorySummary } from '../ports.ts';
import { verifyStory, type StoryVerification, type VerifyOptions } from './verify.ts';
import { checkBundleProofs, logProofsFor, type BundleLogProofs, type LogDeps } from './transparency-log.ts';

export const BUNDLE_FORMAT = 'redline-evidence-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: typeof BUNDLE_FORMAT_VERSION;
  readonly storyId: string;
  readonly exportedAt: string;
  /** Where the records were read (bucket/table or embedded store), for the reader's information. */
  readonly exportedFrom?: string;
  readonly summary?: StorySummary;
  /** Every version record, oldest first, exactly as stored (their chain hashes included). */
  readonly records: VersionRecord[];
  /** Canonical texts by SHA-256. */
  readonly canonicalTexts: Record<string, string>;
  /** Patches too large for their record, by archive key, as the exact archived JSON text. */
  readonly patches: Record<string, string>;
  /** The verification result at export time (the head chain hash is the anchor to publish). */
  readonly verification: StoryVerification;
  /** The transparency log's signed checkpoint and each version's inclusion proof (when the log has a checkpoint). */
  readonly log?: BundleLogProofs;
  readonly howToVerify: string;
}

export class InvalidBundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidBundleError';
  }
}

/** Reads a story's whole ledger and archive entries into a bundle, verifying it on the way. */
export async function buildEvidenceBundle(
  storyId: string,
  deps: { readonly ledger: Ledger; readonly archive: Archive; readonly clock: () => Date; readonly log?: LogDeps },
  options: { exportedFrom?: string } = {},
): Promise<EvidenceBundle> {
  const records: VersionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.history(storyId, { cursor, limit: 200 });
    records.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  const canonicalTexts: Record<string, string> = {};
  const patches: Record<string, string> = {};
  for (const record of records) {
    for (const sha of [record.sha256, record.comparedWith?.sha256]) {
      if (!sha || sha in canonicalTexts) continue;
      const text = await deps.archive.getCanonical(sha);
      if (text !== undefined) canonicalTexts[sha] = text;
    }
    if (record.patchRef && !(record.patchRef.key in patches)) {
      const json = await deps.archive.getBlob(record.patchRef.key);
      if (json !== undefined) patches[record.patchRef.key] = json;
    }
  }
  const summary = await deps.ledger.summary(storyId);
  const verification = await verifyStory(storyId, deps);
  const log = deps.log ? await logProofsFor(records, deps.log) : undefined;
  return {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    storyId,
    exportedAt: deps.clock().toISOString(),
    ...(options.exportedFrom ? { exportedFrom: options.exportedFrom } : {}),
    ...(summary ? { summary } : {}),
    records,
    canonicalTexts,
    patches,
    verification,
    ...(log ? { log } : {}),
    howToVerify:
      'redline verify --bundle <this file>: recomputes every chainHash (SHA-256 of the RFC 8785 JSON of the record without chainHash), ' +
      'checks each previousChainHash link from 64 zeros, the SHA-256 of each canonical text, and that each patch rebuilds its version from the one it was compared with; ' +
      'with a log section, checks the signed checkpoint (C2SP signed note, Ed25519) and each version\'s RFC 9162 inclusion proof of SHA-256(0x00 ‖ chainHash) against it.',
  };
}

/** A read-only Ledger over the bundle's records, in the order the bundle lists them. */
class BundleLedger implements Ledger {
  constructor(private readonly bundle: EvidenceBundle) {}

  private ofStory(storyId: string): VersionRecord[] {
    return storyId === this.bundle.storyId ? this.bundle.records : [];
  }

  async latest(storyId: string) {
    return this.ofStory(storyId).at(-1);
  }

  async versionWithContent(storyId: string, sha256: string) {
    return this.ofStory(storyId).find((record) => record.sha256 === sha256)?.version;
  }

  async append(): Promise<void> {
    throw new Error('an evidence bundle is read-only');
  }

  async rollForward(): Promise<void> {
    throw new Error('an evidence bundle is read-only');
  }

  async getVersion(storyId: string, version: number) {
    return this.ofStory(storyId).find((record) => record.version === version);
  }

  async indexDrift() {
    return undefined; // a bundle carries records, not index attributes
  }

  async indexArchivedVersions(): Promise<void> {
    // derived from the records on every read
  }

  async archivedVersions(storyId: string): Promise<ArchivedVersion[]> {
    const records = this.ofStory(storyId);
    const restorers = restorersIn(records);
    return records
      .filter(isArchivedRejection)
      .map((record) => {
        const restorer = restorers.get(record.version);
        return {
          version: record.version,
          key: record.source.key,
          ...(record.source.versionId !== undefined ? { versionId: record.source.versionId } : {}),
          ...(restorer ? { restoredAs: { version: restorer.version, ...(restorer.sha256 ? { sha256: restorer.sha256 } : {}) } } : {}),
        };
      });
  }

  async *storyIds() {
    if (this.bundle.records.length > 0) yield this.bundle.storyId;
  }

  async recordedVersionOf(storyId: string, key: string, versionId: string) {
    return this.ofStory(storyId).find((record) => record.source.key === key && (record.source.versionId ?? 'null') === versionId)?.version;
  }

  async summary(storyId: string) {
    return storyId === this.bundle.storyId ? this.bundle.summary : undefined;
  }

  async history(storyId: string, options: { newestFirst?: boolean; limit?: number; cursor?: string } = {}): Promise<Page<VersionRecord>> {
    const records = options.newestFirst ? [...this.ofStory(storyId)].reverse() : this.ofStory(storyId);
    const start = options.cursor ? Number(options.cursor) : 0;
    const end = start + (options.limit ?? 100);
    return { items: records.slice(start, end), ...(end < records.length ? { cursor: String(end) } : {}) };
  }
}

/** A read-only Archive over the bundle's canonical texts and patches. */
class BundleArchive implements Archive {
  constructor(private readonly bundle: EvidenceBundle) {}

  async putCanonical(): Promise<void> {
    throw new Error('an evidence bundle is read-only');
  }

  async getCanonical(sha256: string) {
    return Object.hasOwn(this.bundle.canonicalTexts, sha256) ? this.bundle.canonicalTexts[sha256] : undefined;
  }

  async putBlob(): Promise<void> {
    throw new Error('an evidence bundle is read-only');
  }

  async getBlob(key: string) {
    return Object.hasOwn(this.bundle.patches, key) ? this.bundle.patches[key] : undefined;
  }
}

/** Checks the bundle's shape before trusting any of it as a ledger. */
export function parseEvidenceBundle(value: unknown): EvidenceBundle {
  const bundle = value as Partial<EvidenceBundle> | null;
  if (typeof bundle !== 'object' || bundle === null || bundle.format !== BUNDLE_FORMAT) {
    throw new InvalidBundleError(`not a Redline evidence bundle (format must be "${BUNDLE_FORMAT}")`);
  }
  if (bundle.formatVersion !== BUNDLE_FORMAT_VERSION) throw new InvalidBundleError(`unsupported bundle formatVersion ${String(bundle.formatVersion)}`);
  if (typeof bundle.storyId !== 'string' || bundle.storyId === '') throw new InvalidBundleError('bundle has no storyId');
  if (!Array.isArray(bundle.records) || bundle.records.some((r) => typeof r !== 'object' || r === null || r.storyId !== bundle.storyId)) {
    throw new InvalidBundleError('bundle records must be version records of the bundle\'s story');
  }
  const isStringMap = (map: unknown) => typeof map === 'object' && map !== null && Object.values(map).every((v) => typeof v === 'string');
  if (!isStringMap(bundle.canonicalTexts)) throw new InvalidBundleError('bundle canonicalTexts must map SHA-256 to text');
  if (!isStringMap(bundle.patches ?? {})) throw new InvalidBundleError('bundle patches must map archive keys to JSON text');
  const log = bundle.log as Partial<BundleLogProofs> | undefined;
  if (
    log !== undefined &&
    (typeof log !== 'object' || log === null || typeof log.checkpoint !== 'string' || typeof log.verifierKey !== 'string' || typeof log.signedAt !== 'string' ||
      !Array.isArray(log.proofs) || log.proofs.some((p) => !Number.isInteger(p?.version) || !Number.isInteger(p?.leafIndex) || !Array.isArray(p?.inclusionProof) || p.inclusionProof.some((h) => typeof h !== 'string')))
  ) {
    throw new InvalidBundleError('bundle log must carry checkpoint, verifierKey, signedAt and proofs of { version, leafIndex, inclusionProof }');
  }
  return { ...bundle, patches: bundle.patches ?? {} } as EvidenceBundle;
}

export interface BundleVerification extends StoryVerification {
  /** The head chain hash the bundle says it had at export. */
  readonly exportedHeadChainHash?: string;
  /** Whether the recomputed head equals the exported one (false also when the bundle was cut or extended). */
  readonly matchesExport: boolean;
  /** The versions proven against the bundle's signed checkpoint, when the bundle carries one. */
  readonly log?: { readonly size: number; readonly proven: number; readonly pending: number };
}

/** Re-verifies a bundle with no access to any bucket or table. */
export async function verifyBundle(value: unknown, options: VerifyOptions & { readonly verifierKey?: string } = {}): Promise<BundleVerification> {
  const bundle = parseEvidenceBundle(value);
  const result = await verifyStory(bundle.storyId, { ledger: new BundleLedger(bundle), archive: new BundleArchive(bundle) }, { ...options, summaryOptional: bundle.summary === undefined });
  const exported = bundle.verification?.headChainHash;
  const log = bundle.log ? checkBundleProofs(bundle.records, bundle.log, options.verifierKey ? { verifierKey: options.verifierKey } : {}) : undefined;
  const logProblem = log?.firstProblem ? { version: log.firstProblem.version ?? 0, kind: log.firstProblem.kind, detail: log.firstProblem.detail } : undefined;
  const firstProblem = result.firstProblem ?? logProblem;
  const ok = result.ok && result.versions === bundle.records.length && !logProblem;
  return {
    ...result,
    ...(firstProblem ? { firstProblem } : {}),
    ...(log ? { log } : {}),
    ok,
    ...(exported ? { exportedHeadChainHash: exported } : {}),
    matchesExport: exported === result.headChainHash && bundle.verification?.versions === result.versions,
  };
}
