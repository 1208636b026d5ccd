// The ingest dependencies `redline start`'s pump records uploads with: the Lambda wiring, plus what
// a long-running writer may remember (see each class) — the canonical texts it wrote, the latest
// record and content hashes of the stories it wrote — and the upload bucket's versions read from the
// stand-in's version log, and archive objects written into the stand-in's store, rather than over HTTP.
import { OwnWritesLedger } from '../adapters/own-writes-ledger.ts';
import { RecentCanonicalArchive } from '../adapters/recent-canonical.ts';
import type { IngestDeps } from '../app/ingest.ts';
import type { Archive } from '../ports.ts';
import { StandInRevisionStore, type VersionSource } from './stand-in-revisions.ts';

/**
 * `base` is the Lambda wiring over the stand-ins' endpoints; `versions` the stand-in's version log;
 * `archive` writes into the stand-in's store (StandInArchive, or a view of it from another thread).
 */
export function pumpIngestDeps(base: IngestDeps, versions: VersionSource, archive: Archive): IngestDeps {
  return {
    ...base,
    revisions: new StandInRevisionStore(versions, base.revisions),
    archive: new RecentCanonicalArchive(archive),
    ledger: new OwnWritesLedger(base.ledger),
  };
}
