// The embedded Redline: in-process S3 (s3rver) and DynamoDB (dynalite) stand-ins with data under
// one folder. Every change to the upload bucket is announced as an AWS-format S3 notification
// (see stand-in-versioning.ts) and fed to the same ingest code that runs on Lambda: one at a time
// per object key, in the order the stand-in applied the changes; different keys in parallel.
// Threads: s3rver (with the version log and the HTTP APIs of this process) on the starting thread,
// dynalite on its own (dynalite-thread.ts), the pump that records uploads on its own (pump-thread.ts).
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createClients, type AwsClients } from '../adapters/clients.ts';
import { ensureBucket, ensureTable } from '../adapters/provision.ts';
import type { EventLog } from '../app/process-event.ts';
import type { IngestConfig, IngestDeps, IngestOutcome } from '../app/ingest.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv } from '../config.ts';
import { StandInArchive, type ArchiveStore } from './stand-in-archive.ts';
import { pumpIngestDeps } from './pump-deps.ts';
import { PumpThread } from './pump-thread.ts';
import { StandInVersioning } from './stand-in-versioning.ts';
import { answerPutsWhenWritten, type WritableStore } from './durable-puts.ts';
import { acquireDataLock, type DataLock } from './data-lock.ts';
import { requireSignedRequests } from './signed-requests.ts';
import { startDynaliteThread, type DynaliteThread } from './dynalite-thread.ts';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES } from './embedded-names.ts';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;

interface S3rverInstance {
  store: WritableStore & ArchiveStore;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
};
DUMMY_ACCOUNT.createKeyPair(EMBEDDED_CREDENTIALS.accessKeyId, EMBEDDED_CREDENTIALS.secretAccessKey);

export { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES };

export interface EmbeddedOptions {
  /** Folder for the stand-ins' data; created when missing. */
  readonly dataDir: string;
  /** Ports to listen on (0 = any free port). @default 0 */
  readonly s3Port?: number;
  readonly dynamodbPort?: number;
  /** Use this DynamoDB endpoint (e.g. DynamoDB Local) instead of the in-process stand-in. */
  readonly dynamodbEndpoint?: string;
  readonly config?: Partial<IngestConfig>;
  readonly log?: EventLog;
  /**
   * Feed announced events to the ingest code. Tests that deliver events themselves (shuffled,
   * duplicated, concurrently) turn this off and collect them with `onEvent`. @default true
   */
  readonly autoIngest?: boolean;
  /** Called with each AWS-format event the stand-in announces. */
  readonly onEvent?: (event: unknown) => void;
  /** Called after each notification has been recorded. */
  readonly onRecorded?: (outcomes: IngestOutcome[]) => void;
}

const quietLog: EventLog = { info() {}, warn() {}, error() {} };

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    what: string,
    option = '--s3-port / --dynamodb-port',
  ) {
    super(`port ${port} (${what}) is already in use: is another "redline start" running? Pick another port (${option})`);
    this.name = 'PortInUseError';
  }
}

/** s3rver reports a taken port as an unhandled 'error' event; find out first and say so. */
async function ensurePortFree(port: number | undefined, what: string): Promise<void> {
  if (!port) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, what) : error));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function destroyClients(clients: AwsClients): void {
  clients.s3.destroy();
  clients.dynamodb.destroy();
  clients.sqs.destroy();
}

export class EmbeddedRedline {
  readonly names = EMBEDDED_NAMES;
  /** The tail of each object key's processing chain. */
  private readonly queues = new Map<string, Promise<void>>();
  private failures: unknown[] = [];
  private ingest: IngestDeps | undefined;
  private pump: IngestDeps | undefined;
  /** Records what the stand-in announces (unless `autoIngest` is off). */
  private pumpThread: PumpThread | undefined;

  private constructor(
    private readonly s3rver: S3rverInstance,
    private readonly dynamoServer: DynaliteThread | undefined,
    readonly versioning: StandInVersioning,
    readonly endpoints: { readonly s3: string; readonly dynamodb: string },
    readonly clients: AwsClients,
    private readonly options: EmbeddedOptions,
    private readonly lock: DataLock,
  ) {}

  /** Starts the stand-ins on the folder; DataDirInUseError (before any store is opened) when another process has it. */
  static async start(options: EmbeddedOptions): Promise<EmbeddedRedline> {
    const lock = acquireDataLock(options.dataDir);
    try {
      return await EmbeddedRedline.open(options, lock);
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  private static async open(options: EmbeddedOptions, lock: DataLock): Promise<EmbeddedRedline> {
    const s3Dir = join(options.dataDir, 's3');
    const dynamoDir = join(options.dataDir, 'dynamodb');
    mkdirSync(s3Dir, { recursive: true });
    mkdirSync(dynamoDir, { recursive: true });
    await ensurePortFree(options.s3Port, 'embedded S3');
    if (!options.dynamodbEndpoint) await ensurePortFree(options.dynamodbPort, 'embedded DynamoDB');
    const s3rver = new S3rver({ address: '127.0.0.1', port: options.s3Port ?? 0, directory: s3Dir, silent: true });
    // Events the stand-in announces before the pump is ready wait here.
    let accepting: EmbeddedRedline | undefined;
    const pending: unknown[] = [];
    const versioning = new StandInVersioning(join(options.dataDir, 's3-versions'), new Set([EMBEDDED_NAMES.uploadBucket]), EMBEDDED_NAMES.region, (event) =>
      accepting ? accepting.enqueue(event) : pending.push(event),
    );
    // What is open so far, closed again (newest first) if a later step fails: a failed start leaves no open files, ports or threads.
    const opened: (() => unknown)[] = [() => versioning.close()];
    try {
      answerPutsWhenWritten(s3rver.store);
      versioning.wrapStore(s3rver.store);
      const koaCallback = s3rver.callback.bind(s3rver);
      // Only SigV4-signed requests with the local credentials reach the stand-in (see signed-requests.ts).
      s3rver.callback = () => requireSignedRequests(versioning.wrapRequestListener(koaCallback()), EMBEDDED_CREDENTIALS);
      const s3Address = await s3rver.run();
      opened.push(() => s3rver.close());

      let dynamoServer: DynaliteThread | undefined;
      let dynamodbEndpoint = options.dynamodbEndpoint;
      if (!dynamodbEndpoint) {
        const thread = await startDynaliteThread(dynamoDir, options.dynamodbPort ?? 0);
        opened.push(() => thread.close());
        dynamoServer = thread;
        dynamodbEndpoint = `http://127.0.0.1:${thread.port}`;
      }
      const endpoints = { s3: `http://127.0.0.1:${s3Address.port}`, dynamodb: dynamodbEndpoint };
      const clients = createClients({
        region: EMBEDDED_NAMES.region,
        s3Endpoint: endpoints.s3,
        dynamodbEndpoint: endpoints.dynamodb,
        // This process's own requests reach the dynalite thread over a MessagePort (dynalite-thread.ts).
        ...(dynamoServer ? { dynamodbRequestHandler: dynamoServer.requestHandler } : {}),
        credentials: EMBEDDED_CREDENTIALS,
      });
      opened.push(() => destroyClients(clients));
      await ensureBucket(clients.s3, EMBEDDED_NAMES.uploadBucket, { versioning: true });
      await ensureBucket(clients.s3, EMBEDDED_NAMES.archiveBucket, { versioning: false });
      await ensureTable(clients.dynamodb, EMBEDDED_NAMES.tableName);
      const embedded = new EmbeddedRedline(s3rver, dynamoServer, versioning, endpoints, clients, options, lock);
      if (options.autoIngest !== false) {
        embedded.pumpThread = await PumpThread.start({
          s3Endpoint: endpoints.s3,
          dynamodbEndpoint: endpoints.dynamodb,
          ...(dynamoServer ? { dynamodbPort: dynamoServer.connect() } : {}),
          versionedBuckets: [EMBEDDED_NAMES.uploadBucket],
          config: embedded.ingestConfig(),
          versioning,
          archive: embedded.standInArchive(),
          log: options.log ?? quietLog,
        });
      }
      accepting = embedded;
      for (const event of pending.splice(0)) embedded.enqueue(event);
      return embedded;
    } catch (error) {
      for (const close of opened.reverse()) await Promise.resolve(close()).catch(() => undefined);
      throw error;
    }
  }

  private enqueue(event: unknown): void {
    this.options.onEvent?.(event);
    const pump = this.pumpThread;
    if (!pump) return;
    const key = (event as { Records?: { s3?: { object?: { key?: string } } }[] }).Records?.[0]?.s3?.object?.key ?? '';
    const tail = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      try {
        const outcomes = await pump.ingest(event);
        this.options.onRecorded?.(outcomes);
      } catch (error) {
        // Kept for idle() to report. The ledger is unchanged or complete for this revision, and
        // the next change to the same story (or `redline backfill`) records what is missing.
        this.failures.push(error);
        (this.options.log ?? quietLog).error('revision failed', { error: String(error) });
      }
    });
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
  }

  /** The ingest dependencies of every other writer and reader (the same wiring as the Lambda handler). */
  deps(): IngestDeps {
    this.ingest ??= ingestDeps(this.clients, { tableName: EMBEDDED_NAMES.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket }, this.ingestConfig());
    return this.ingest;
  }

  private ingestConfig(): IngestConfig {
    return { ...ingestConfigFromEnv(), ...this.options.config };
  }

  /** Archive objects written straight into the stand-in's store. */
  private standInArchive(): StandInArchive {
    return new StandInArchive(this.s3rver.store, EMBEDDED_NAMES.archiveBucket, this.deps().archive);
  }

  /**
   * The ingest dependencies the pump records uploads with (pump-deps.ts), in this thread: for
   * tests that deliver the announced events themselves (`autoIngest: false`). The pump itself runs
   * on its own thread with the same dependencies.
   */
  pumpDeps(): IngestDeps {
    this.pump ??= pumpIngestDeps(this.deps(), this.versioning, this.standInArchive());
    return this.pump;
  }

  /** Resolves once every event received so far has been processed; throws the first failure. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    await Promise.all(this.queues.values());
    await this.pumpThread?.close();
    await this.s3rver.close();
    this.versioning.close();
    await this.dynamoServer?.close();
    destroyClients(this.clients);
    this.lock.release();
  }
}
