// Assembles the auditor use cases' dependencies (read-only) from SDK clients and names.
import type { AwsClients } from '../adapters/clients.ts';
import { DynamoDbLedger } from '../adapters/dynamodb-ledger.ts';
import { DynamoDbLogStore } from '../adapters/dynamodb-log.ts';
import { DynamoDbStoryQueries } from '../adapters/dynamodb-queries.ts';
import { S3Archive } from '../adapters/s3-revisions.ts';
import type { QueryDeps } from './queries.ts';
import type { RedlineResources } from './wiring.ts';

export function queryDeps(clients: Pick<AwsClients, 's3' | 'documents'>, resources: RedlineResources): QueryDeps {
  return {
    ledger: new DynamoDbLedger(clients.documents, resources.tableName),
    archive: new S3Archive(clients.s3, resources.archiveBucket),
    queries: new DynamoDbStoryQueries(clients.documents, resources.tableName),
    clock: () => new Date(),
    log: { log: new DynamoDbLogStore(clients.documents, resources.tableName), clock: () => new Date() },
  };
}
