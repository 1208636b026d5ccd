// The embedded Redline: in-process S3 (s3rver) and DynamoDB (dynalite) stand-ins with data under
// one folder, whose S3 events are rewritten into AWS's format and fed to the same ingest code
// that runs on Lambda, one at a time in the order the stand-in applied them.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createClients, type AwsClients } from '../adapters/clients.ts';
import { ensureBucket, ensureTable } from '../adapters/provision.ts';
import { encodeS3Key } from '../core/s3-events.ts';
import { ingestNotification, type EventLog } from '../app/process-event.ts';
import type { IngestOutcome, IngestConfig } from '../app/ingest.ts';
import { ingestDeps } from '../app/wiring.ts';
import { ingestConfigFromEnv } from '../config.ts';
import { VersionSnapshots } from './version-snapshots.ts';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
const dynalite = require('dynalite') as (options: Record<string, unknown>) => Server;

interface S3rverInstance {
  store: Parameters<VersionSnapshots["wrapStore"]>[0];
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: { Records: StandInRecord[] }) => void): void;
}

interface StandInRecord {
  eventName: string;
  eventTime: string;
  userIdentity?: { principalId?: string };
  requestParameters?: { sourceIPAddress?: string };
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } };
}

/** Credentials the embedded S3 stand-in accepts (give them to `aws s3 cp` too). */
export const EMBEDDED_CREDENTIALS = { accessKeyId: 'redline', secretAccessKey: 'redline' } as const;

const { DUMMY_ACCOUNT } = require('s3rver/lib/models/account') as {
  DUMMY_ACCOUNT: { createKeyPair(accessKeyId: string, secretAccessKey: string): void };
};
DUMMY_ACCOUNT.createKeyPair(EMBEDDED_CREDENTIALS.accessKeyId, EMBEDDED_CREDENTIALS.secretAccessKey);

export const EMBEDDED_NAMES = {
  uploadBucket: 'redline-uploads',
  archiveBucket: 'redline-archive',
  tableName: 'redline-ledger',
  region: 'us-east-1',
} as const;

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
  /** Called with each AWS-format event before it is fed to the ingest code. */
  readonly onEvent?: (event: unknown) => void;
  /** Called after each notification has been recorded. */
  readonly onRecorded?: (outcomes: IngestOutcome[]) => void;
}

const quietLog: EventLog = { info() {}, warn() {}, error() {} };

export class EmbeddedRedline {
  readonly names = EMBEDDED_NAMES;
  private queue: Promise<void> = Promise.resolve();
  private lastSequence = 0n;
  private failures: unknown[] = [];
  private ingest: ReturnType<typeof ingestDeps> | undefined;

  private constructor(
    private readonly s3rver: S3rverInstance,
    private readonly snapshots: VersionSnapshots,
    private readonly dynamoServer: Server | undefined,
    readonly endpoints: { readonly s3: string; readonly dynamodb: string },
    readonly clients: AwsClients,
    private readonly options: EmbeddedOptions,
  ) {}

  static async start(options: EmbeddedOptions): Promise<EmbeddedRedline> {
    const s3Dir = join(options.dataDir, 's3');
    const dynamoDir = join(options.dataDir, 'dynamodb');
    mkdirSync(s3Dir, { recursive: true });
    mkdirSync(dynamoDir, { recursive: true });
    const s3rver = new S3rver({ address: '127.0.0.1', port: options.s3Port ?? 0, directory: s3Dir, silent: true });
    const snapshots = new VersionSnapshots(join(options.dataDir, 's3-versions'), new Set([EMBEDDED_NAMES.uploadBucket]));
    snapshots.wrapStore(s3rver.store);
    const koaCallback = s3rver.callback.bind(s3rver);
    s3rver.callback = () => snapshots.wrapRequestListener(koaCallback());
    const s3Address = await s3rver.run();
    let dynamoServer: Server | undefined;
    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (!dynamodbEndpoint) {
      const server = dynalite({ path: dynamoDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.dynamodbPort ?? 0, '127.0.0.1', () => resolve());
      });
      dynamoServer = server;
      dynamodbEndpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }
    const endpoints = { s3: `http://127.0.0.1:${s3Address.port}`, dynamodb: dynamodbEndpoint };
    const clients = createClients({
      region: EMBEDDED_NAMES.region,
      s3Endpoint: endpoints.s3,
      dynamodbEndpoint: endpoints.dynamodb,
      credentials: EMBEDDED_CREDENTIALS,
    });
    await ensureBucket(clients.s3, EMBEDDED_NAMES.uploadBucket, { versioning: true });
    await ensureBucket(clients.s3, EMBEDDED_NAMES.archiveBucket, { versioning: false });
    await ensureTable(clients.dynamodb, EMBEDDED_NAMES.tableName);
    const embedded = new EmbeddedRedline(s3rver, snapshots, dynamoServer, endpoints, clients, options);
    s3rver.on('event', (event) => embedded.enqueue(event));
    return embedded;
  }

  /** Sequencers must grow per key; the stand-in's Date.now() repeats within a millisecond. */
  private nextSequencer(): string {
    const candidate = BigInt(Date.now()) * 1_000_000n;
    this.lastSequence = candidate > this.lastSequence ? candidate : this.lastSequence + 1n;
    return this.lastSequence.toString(16).toUpperCase().padStart(18, '0');
  }

  /** Rewrites a stand-in event into the format AWS delivers (URL-encoded key, real sequencer). */
  toAwsEvent(event: { Records: StandInRecord[] }): unknown {
    const versionIdOf = (record: StandInRecord) => {
      const versionId = record.eventName.startsWith('ObjectCreated:')
        ? this.snapshots.claimVersionId(record.s3.bucket.name, record.s3.object.key, record.s3.object.eTag)
        : undefined;
      return versionId ? { versionId } : {};
    };
    return {
      Records: event.Records.map((record) => ({
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: EMBEDDED_NAMES.region,
        eventTime: record.eventTime,
        eventName: record.eventName,
        userIdentity: { principalId: record.userIdentity?.principalId ?? 'local' },
        requestParameters: { sourceIPAddress: record.requestParameters?.sourceIPAddress ?? '127.0.0.1' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'redline-embedded',
          bucket: { name: record.s3.bucket.name, arn: `arn:aws:s3:::${record.s3.bucket.name}` },
          object: {
            key: encodeS3Key(record.s3.object.key),
            ...(record.s3.object.size !== undefined ? { size: record.s3.object.size } : {}),
            ...(record.s3.object.eTag ? { eTag: record.s3.object.eTag } : {}),
            ...versionIdOf(record),
            sequencer: this.nextSequencer(),
          },
        },
      })),
    };
  }

  private enqueue(standIn: { Records: StandInRecord[] }): void {
    const uploads = standIn.Records.filter((record) => record.s3.bucket.name === EMBEDDED_NAMES.uploadBucket);
    if (uploads.length === 0) return;
    const event = this.toAwsEvent({ Records: uploads });
    this.options.onEvent?.(event);
    this.queue = this.queue.then(async () => {
      try {
        const outcomes = await ingestNotification(event, this.deps(), this.options.log ?? quietLog);
        this.options.onRecorded?.(outcomes);
      } catch (error) {
        // Kept for idle() to report; the ledger is unchanged for this revision, so a later
        // `redline backfill` or re-upload records it.
        this.failures.push(error);
        (this.options.log ?? quietLog).error('revision failed', { error: String(error) });
      }
    });
  }

  /** The ingest dependencies the embedded pump uses (the same wiring as the Lambda handler). */
  deps(): ReturnType<typeof ingestDeps> {
    this.ingest ??= ingestDeps(
      this.clients,
      { tableName: EMBEDDED_NAMES.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket },
      { ...ingestConfigFromEnv(), ...this.options.config },
    );
    return this.ingest;
  }

  /** Resolves once every event received so far has been processed; throws the first failure. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
    const failure = this.failures.shift();
    if (failure) throw failure;
  }

  async stop(): Promise<void> {
    await this.queue;
    await this.s3rver.close();
    const dynamoServer = this.dynamoServer;
    if (dynamoServer) await new Promise<void>((resolve) => dynamoServer.close(() => resolve()));
    this.clients.s3.destroy();
    this.clients.dynamodb.destroy();
    this.clients.sqs.destroy();
  }
}
