// Where a CLI command reads and writes: the embedded store (default), a running `redline start`,
// or any S3/DynamoDB/SQS-compatible endpoint or real AWS named by options / REDLINE_* variables.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createClients, type AwsClients } from '../adapters/clients.ts';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES } from '../local/embedded-names.ts';
import type { EmbeddedRedline } from '../local/embedded.ts';
import { ingestDeps } from '../app/wiring.ts';
import type { IngestDeps } from '../app/ingest.ts';
import { ingestConfigFromEnv } from '../config.ts';
import { TargetConfigurationError, type TargetOptions } from './target-options.ts';

export { TargetConfigurationError, type TargetOptions };

export interface Target {
  readonly description: string;
  readonly clients: AwsClients;
  readonly uploadBucket: string;
  readonly archiveBucket: string;
  readonly tableName: string;
  readonly deps: IngestDeps;
  /** A running `redline start` on this machine (its pipeline records uploads within moments). */
  readonly local?: boolean;
  /** The in-process embedded store, when this command started one. */
  readonly embedded?: EmbeddedRedline;
  close(): Promise<void>;
}

export interface RunningServer {
  readonly pid: number;
  readonly s3: string;
  readonly dynamodb: string;
}

export function serverFile(dataDir: string): string {
  return join(resolve(dataDir), 'server.json');
}

/** The `redline start` serving this data folder, if one is alive. */
export function runningServer(dataDir: string): RunningServer | undefined {
  const file = serverFile(dataDir);
  if (!existsSync(file)) return undefined;
  try {
    const server = JSON.parse(readFileSync(file, 'utf8')) as RunningServer;
    process.kill(server.pid, 0);
    return server;
  } catch {
    return undefined;
  }
}

function isExplicit(options: TargetOptions): boolean {
  return Boolean(options.endpointUrl || options.s3Endpoint || options.dynamodbEndpoint || options.bucket || options.table);
}

export async function openTarget(options: TargetOptions): Promise<Target> {
  const config = ingestConfigFromEnv();
  if (options.stack) {
    const { readStackResources } = await import('./stack-outputs.ts');
    const stack = await readStackResources(options.stack, options.region ?? process.env.AWS_REGION ?? 'us-east-1');
    options = { ...options, stack: undefined, bucket: stack.uploadBucket, archiveBucket: stack.archiveBucket, table: stack.tableName };
  }
  if (isExplicit(options)) {
    const missing = [!options.bucket && '--bucket', !options.table && '--table'].filter(Boolean);
    if (missing.length > 0) throw new TargetConfigurationError(`an explicit target needs ${missing.join(' and ')} (or REDLINE_BUCKET / REDLINE_TABLE)`);
    const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
    const clients = createClients({
      region,
      s3Endpoint: options.s3Endpoint ?? options.endpointUrl,
      dynamodbEndpoint: options.dynamodbEndpoint ?? options.endpointUrl,
      sqsEndpoint: options.sqsEndpoint ?? options.endpointUrl,
    });
    const archiveBucket = options.archiveBucket ?? `${options.bucket}-archive`;
    const names = { uploadBucket: options.bucket!, archiveBucket, tableName: options.table! };
    return {
      description: `s3://${names.uploadBucket} + table ${names.tableName} (${options.endpointUrl ?? options.s3Endpoint ?? `AWS ${region}`})`,
      clients,
      ...names,
      deps: ingestDeps(clients, { tableName: names.tableName, archiveBucket }, config),
      close: async () => destroy(clients),
    };
  }
  const server = runningServer(options.dataDir);
  if (server) {
    const clients = createClients({ region: EMBEDDED_NAMES.region, s3Endpoint: server.s3, dynamodbEndpoint: server.dynamodb, credentials: EMBEDDED_CREDENTIALS });
    return {
      description: `the running redline start (pid ${server.pid}, ${options.dataDir})`,
      local: true,
      clients,
      uploadBucket: EMBEDDED_NAMES.uploadBucket,
      archiveBucket: EMBEDDED_NAMES.archiveBucket,
      tableName: EMBEDDED_NAMES.tableName,
      deps: ingestDeps(clients, { tableName: EMBEDDED_NAMES.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket }, config),
      close: async () => destroy(clients),
    };
  }
  // Only this path needs the stand-ins (s3rver, dynalite): load them here, not for every command.
  const { EmbeddedRedline } = await import('../local/embedded.ts');
  const embedded = await EmbeddedRedline.start({ dataDir: options.dataDir });
  return {
    description: `the embedded store in ${options.dataDir}`,
    clients: embedded.clients,
    uploadBucket: EMBEDDED_NAMES.uploadBucket,
    archiveBucket: EMBEDDED_NAMES.archiveBucket,
    tableName: EMBEDDED_NAMES.tableName,
    deps: embedded.deps(),
    embedded,
    close: () => embedded.stop(),
  };
}

function destroy(clients: AwsClients): void {
  clients.s3.destroy();
  clients.dynamodb.destroy();
  clients.sqs.destroy();
}
