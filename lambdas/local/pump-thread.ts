// The pump of `redline start` on a worker thread (pump-worker.ts), so that recording uploads —
// the engine's diff, the ledger's DynamoDB requests through the SDK — does not queue behind the S3
// stand-in (s3rver, on the starting thread) and the S3 stand-in does not queue behind it: with
// dynalite on its own thread too, the work of a revision is spread over the machine's cores.
//
// The starting thread keeps the S3 stand-in, its version log and its store; the pump reads the
// log and writes archive objects through it (the PumpHost below, over a MessagePort, with Comlink).
// The pump's DynamoDB clients reach the dynalite thread over a MessagePort of their own.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import type { IngestConfig, IngestOutcome } from '../app/ingest.ts';
import type { EventLog } from '../app/process-event.ts';
import type { Archive } from '../ports.ts';
import type { StandInVersioning } from './stand-in-versioning.ts';
import type { Pump } from './pump-worker.ts';

/** What the pump thread is started with (structured-cloned). */
export interface PumpThreadData {
  readonly s3Endpoint: string;
  readonly dynamodbEndpoint: string;
  readonly versionedBuckets: readonly string[];
  readonly config: IngestConfig;
  /** Whether the log takes `focus` calls. */
  readonly logFocus: boolean;
}

/** What the pump calls on the starting thread: the version log, the archive's store, the log. */
export interface PumpHost extends Pick<StandInVersioning, 'readVersion' | 'keyVersionsPage'>, Archive {
  log(level: 'info' | 'warn' | 'error', message: string, attributes?: Record<string, unknown>): void;
  focus: NonNullable<EventLog['focus']>;
}

/** Node's MessagePort is an EventTarget whose 'message' events carry `data`: what Comlink talks over. */
export function comlinkEndpoint(port: MessagePort): Comlink.Endpoint {
  return port as unknown as Comlink.Endpoint;
}

export interface PumpThreadOptions extends Omit<PumpThreadData, 'logFocus'> {
  readonly versioning: StandInVersioning;
  /** Writes into the stand-in's store (StandInArchive). */
  readonly archive: Archive;
  readonly log: EventLog;
  /** A channel to the dynalite thread; without one the pump sends DynamoDB requests to `dynamodbEndpoint`. */
  readonly dynamodbPort?: MessagePort;
}

export class PumpThreadStoppedError extends Error {
  constructor(why: string) {
    super(`the embedded pump thread ${why}`);
    this.name = 'PumpThreadStoppedError';
  }
}

/**
 * The thread's code: the ahead-of-time build's `pump-worker.js` when the CLI runs from it (see
 * bin/redline.js), else the TypeScript source through tsx — as the rest of the process runs.
 */
function workerEntry(): { readonly entry: string; readonly tsx?: string } {
  if ((globalThis as Record<symbol, unknown>)[Symbol.for('redline.cli')] === 'build') {
    return { entry: new URL('../../dist/cli/pump-worker.js', import.meta.url).href };
  }
  return { entry: new URL('./pump-worker.ts', import.meta.url).href, tsx: import.meta.resolve('tsx/esm/api') };
}

const BOOT = `
const { workerData } = require('node:worker_threads');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  await import(workerData.entry);
})();
`;

export class PumpThread {
  private readonly worker: Worker;
  private readonly pump: Comlink.Remote<Pump>;
  private readonly hostPort: MessagePort;
  /** Rejects once the thread has failed or stopped: what every call still waiting then gets. */
  private readonly stopped: Promise<never>;
  private closed = false;

  /** Starts the thread; resolves once it has loaded its code (a pump that cannot start is an error here, not at the first upload). */
  static async start(options: PumpThreadOptions): Promise<PumpThread> {
    const thread = new PumpThread(options);
    try {
      await Promise.race([thread.pump.ready(), thread.stopped]);
    } catch (error) {
      await thread.close();
      throw error;
    }
    return thread;
  }

  private constructor(options: PumpThreadOptions) {
    const host = new MessageChannel();
    const pump = new MessageChannel();
    const { versioning, archive, log, dynamodbPort, ...shared } = options;
    const data: PumpThreadData = { ...shared, logFocus: log.focus !== undefined };
    this.worker = new Worker(BOOT, {
      eval: true,
      workerData: { ...workerEntry(), ...data, host: host.port2, pump: pump.port2, ...(dynamodbPort ? { dynamodbPort } : {}) },
      transferList: [host.port2, pump.port2, ...(dynamodbPort ? [dynamodbPort] : [])],
    });
    const served: PumpHost = {
      readVersion: (bucket, key, versionId) => versioning.readVersion(bucket, key, versionId),
      keyVersionsPage: (bucket, key, below, count) => versioning.keyVersionsPage(bucket, key, below, count),
      putCanonical: (sha256, text) => archive.putCanonical(sha256, text),
      getCanonical: (sha256) => archive.getCanonical(sha256),
      putBlob: (key, body) => archive.putBlob(key, body),
      getBlob: (key) => archive.getBlob(key),
      log: (level, message, attributes) => log[level](message, attributes),
      focus: (keys) => log.focus?.(keys),
    };
    Comlink.expose(served, comlinkEndpoint(host.port1));
    this.hostPort = host.port1;
    this.pump = Comlink.wrap<Pump>(comlinkEndpoint(pump.port1));
    this.stopped = new Promise<never>((_, reject) => {
      this.worker.once('error', (error) => reject(new PumpThreadStoppedError(`failed: ${error.message}`)));
      this.worker.once('exit', (code) => reject(new PumpThreadStoppedError(`has stopped (exit code ${code})`)));
    });
    // Observed here so that a thread that stops with nothing waiting is no unhandled rejection.
    this.stopped.catch(() => undefined);
  }

  /** Records one notification on the pump thread; rejects with the pump's error, or when the thread has stopped. */
  ingest(event: unknown): Promise<IngestOutcome[]> {
    if (this.closed) return this.stopped;
    return Promise.race([this.pump.ingest(event), this.stopped]);
  }

  /** Stops the thread (after the caller has let every notification finish). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pump[Comlink.releaseProxy]();
    this.hostPort.close();
    await this.worker.terminate();
  }
}
