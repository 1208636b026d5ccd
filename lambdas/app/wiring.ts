// Assembles the ingest use case's dependencies from SDK clients and names.
import type { AwsClients } from '../adapters/clients.ts';
import { DynamoDbLedger } from '../adapters/dynamodb-ledger.ts';
import { S3Archive, S3RevisionStore } from '../adapters/s3-revisions.ts';
import type { IngestConfig, IngestDeps } from './ingest.ts';

export interface RedlineResources {
  readonly tableName: string;
  readonly archiveBucket: string;
}

export function ingestDeps(clients: Pick<AwsClients, 's3' | 'documents'>, resources: RedlineResources, config: IngestConfig): IngestDeps {
  return {
    revisions: new S3RevisionStore(clients.s3),
    archive: new S3Archive(clients.s3, resources.archiveBucket),
    ledger: new DynamoDbLedger(clients.documents, resources.tableName),
    config,
    clock: () => new Date(),
  };
}
