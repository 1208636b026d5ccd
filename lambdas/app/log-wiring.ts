// Assembles the transparency log's dependencies from an SDK client and the table name.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDbLogStore } from '../adapters/dynamodb-log.ts';
import type { NoteSigner } from '../core/checkpoint.ts';
import type { CheckpointPublisher } from '../ports.ts';
import type { IntegratorDeps, LogDeps } from './transparency-log.ts';

export function logDeps(documents: DynamoDBDocumentClient, tableName: string): LogDeps {
  return { log: new DynamoDbLogStore(documents, tableName), clock: () => new Date() };
}

export function integratorDeps(documents: DynamoDBDocumentClient, tableName: string, signer: NoteSigner, publisher?: CheckpointPublisher): IntegratorDeps {
  return { ...logDeps(documents, tableName), signer, ...(publisher ? { publisher } : {}) };
}
