// Creates Redline's buckets and table on any S3/DynamoDB-compatible endpoint (idempotent).
// On AWS the CDK stack owns these resources; this serves `redline init` and the embedded store.
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  S3ServiceException,
  type S3Client,
} from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, QueueDoesNotExist, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { CreateTableCommand, DescribeTableCommand, ResourceNotFoundException, waitUntilTableExists, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_SCHEMA } from './table-keys.ts';

export type ProvisionResult = 'created' | 'exists';

/** Creates the bucket if missing; turns versioning on where the endpoint supports it. */
export async function ensureBucket(s3: S3Client, bucket: string, options: { versioning: boolean }): Promise<{ result: ProvisionResult; versioned: boolean }> {
  let result: ProvisionResult = 'exists';
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    result = 'created';
  }
  if (!options.versioning) return { result, versioned: false };
  try {
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }));
    return { result, versioned: true };
  } catch (error) {
    // The embedded stand-in has no versioning (it answers 409/405/501): say so, do not fail.
    const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
    if (status === 405 || status === 409 || status === 501) return { result, versioned: false };
    throw error;
  }
}

export async function ensureTable(dynamodb: DynamoDBClient, tableName: string): Promise<ProvisionResult> {
  try {
    await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  const attributes = new Set<string>([TABLE_SCHEMA.partitionKey, TABLE_SCHEMA.sortKey]);
  for (const index of TABLE_SCHEMA.indexes) {
    attributes.add(index.partitionKey);
    attributes.add(index.sortKey);
  }
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: TABLE_SCHEMA.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_SCHEMA.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  return 'created';
}

export interface NotificationQueue {
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly result: ProvisionResult;
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = attributes.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${queueUrl} has no QueueArn attribute`);
  return arn;
}

/** Creates (or finds) the notification queue and its dead-letter queue (after 5 receives). */
export async function ensureNotificationQueue(sqs: SQSClient, queueName: string, visibilityTimeoutSeconds = 360): Promise<NotificationQueue> {
  let result: ProvisionResult = 'exists';
  try {
    await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
  } catch (error) {
    if (!(error instanceof QueueDoesNotExist)) throw error;
    result = 'created';
  }
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${queueName}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }));
  const deadLetterQueueUrl = dlq.QueueUrl!;
  const queue = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const queueUrl = queue.QueueUrl!;
  await sqs.send(
    new SetQueueAttributesCommand({
      QueueUrl: queueUrl,
      Attributes: {
        VisibilityTimeout: String(visibilityTimeoutSeconds),
        MessageRetentionPeriod: '1209600',
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(sqs, deadLetterQueueUrl), maxReceiveCount: 5 }),
      },
    }),
  );
  return { queueUrl, queueArn: await queueArn(sqs, queueUrl), deadLetterQueueUrl, result };
}

/**
 * Points the bucket's creation, removal and restore-completed notifications under the story prefix
 * at the queue (a restore completed makes an archived upload readable: it is then recorded).
 */
export async function ensureBucketNotifications(s3: S3Client, bucket: string, queueArnValue: string, storyPrefix: string): Promise<void> {
  const filter = storyPrefix ? { Key: { FilterRules: [{ Name: 'prefix' as const, Value: storyPrefix }] } } : undefined;
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          { Id: 'redline-created', QueueArn: queueArnValue, Events: ['s3:ObjectCreated:*'], ...(filter ? { Filter: filter } : {}) },
          { Id: 'redline-removed', QueueArn: queueArnValue, Events: ['s3:ObjectRemoved:*'], ...(filter ? { Filter: filter } : {}) },
          { Id: 'redline-restored', QueueArn: queueArnValue, Events: ['s3:ObjectRestore:Completed'], ...(filter ? { Filter: filter } : {}) },
        ],
      },
    }),
  );
}
