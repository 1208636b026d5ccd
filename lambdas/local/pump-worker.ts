// The pump of `redline start` on its own thread (started by pump-thread.ts): records each S3
// notification the embedded stand-in announces with the same ingest code as on Lambda. Its DynamoDB
// requests go straight to the dynalite thread (or the configured endpoint); what it reads of the
// upload bucket's version log and writes into the archive goes through the thread that owns the S3
// stand-in, over the MessagePort it was given.
import { workerData, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import { createClients } from '../adapters/clients.ts';
import type { IngestOutcome } from '../app/ingest.ts';
import { ingestNotification, type EventLog } from '../app/process-event.ts';
import { ingestDeps } from '../app/wiring.ts';
import type { Archive } from '../ports.ts';
import { DynaliteChannelHandler } from './dynalite-thread.ts';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES } from './embedded-names.ts';
import { pumpIngestDeps } from './pump-deps.ts';
import { comlinkEndpoint, type PumpHost, type PumpThreadData } from './pump-thread.ts';
import type { VersionSource } from './stand-in-revisions.ts';
import type { VersionEntry } from './stand-in-versioning.ts';

/** Versions asked for per page while walking a key's versions newest first (the walk usually stops at the first or second). */
const VERSIONS_PAGE = 8;

const data = workerData as PumpThreadData & { readonly host: MessagePort; readonly pump: MessagePort; readonly dynamodbPort?: MessagePort };
const host = Comlink.wrap<PumpHost>(comlinkEndpoint(data.host));

/** The stand-in's version log, read through the thread that owns it. */
const versions: VersionSource = {
  watches: (bucket) => data.versionedBuckets.includes(bucket),
  readVersion: (bucket, key, versionId) => host.readVersion(bucket, key, versionId),
  async *keyVersions(bucket, key): AsyncIterable<VersionEntry> {
    for (let below: number | undefined; below !== 0; ) {
      const page = await host.keyVersionsPage(bucket, key, below, VERSIONS_PAGE);
      yield* page.entries;
      below = page.from;
    }
  },
};

/** Writes into the stand-in's store (through its thread); reads over HTTP, as every reader's do. */
const archive: Archive = {
  putCanonical: (sha256, text) => host.putCanonical(sha256, text),
  getCanonical: (sha256) => host.getCanonical(sha256),
  putBlob: (key, body) => host.putBlob(key, body),
  getBlob: (key) => host.getBlob(key),
};

/** Lines go to the log of the thread that started the pump, in order (without waiting for them). */
const forward = (line: Promise<void>) => void line.catch(() => undefined);
const log: EventLog = {
  info: (message, attributes) => forward(host.log('info', message, attributes)),
  warn: (message, attributes) => forward(host.log('warn', message, attributes)),
  error: (message, attributes) => forward(host.log('error', message, attributes)),
  ...(data.logFocus ? { focus: (keys) => forward(host.focus(keys)) } : {}),
};

const clients = createClients({
  region: EMBEDDED_NAMES.region,
  s3Endpoint: data.s3Endpoint,
  dynamodbEndpoint: data.dynamodbEndpoint,
  ...(data.dynamodbPort ? { dynamodbRequestHandler: new DynaliteChannelHandler(data.dynamodbPort) } : {}),
  credentials: EMBEDDED_CREDENTIALS,
});
const deps = pumpIngestDeps(ingestDeps(clients, { tableName: EMBEDDED_NAMES.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket }, data.config), versions, archive);

/** What the starting thread calls. */
export interface Pump {
  /** Answers once the thread has loaded. */
  ready(): true;
  ingest(event: unknown): Promise<IngestOutcome[]>;
}

const pump: Pump = { ready: () => true, ingest: (event) => ingestNotification(event, deps, log) };
Comlink.expose(pump, comlinkEndpoint(data.pump));
