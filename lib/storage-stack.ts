// The stateful half of Redline: the upload bucket, Redline's archive, the ledger table and the
// notification queue. Everything here is retained when the stack is deleted.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { TABLE_SCHEMA } from '../lambdas/adapters/table-keys.ts';
import { DEFAULT_STORY_PREFIX } from '../lambdas/core/story-keys.ts';

export interface RedlineStorageStackProps extends StackProps {
  /**
   * Keys under this prefix are stories; only they notify the pipeline.
   * @default 'stories/'
   */
  readonly storyPrefix?: string;
  /**
   * Visibility timeout of the notification queue; must be at least 6× the ingest function's timeout.
   * @default Duration.minutes(6)
   */
  readonly queueVisibilityTimeout?: Duration;
  /**
   * Receives before a notification moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

export class RedlineStorageStack extends Stack {
  readonly uploadBucket: Bucket;
  readonly archiveBucket: Bucket;
  readonly ledgerTable: TableV2;
  readonly notificationQueue: Queue;
  readonly deadLetterQueue: Queue;
  readonly storyPrefix: string;

  constructor(scope: Construct, id: string, props: RedlineStorageStackProps = {}) {
    super(scope, id, props);
    this.storyPrefix = props.storyPrefix ?? DEFAULT_STORY_PREFIX;
    if (this.storyPrefix !== '' && !this.storyPrefix.endsWith('/')) {
      throw new Error(`storyPrefix must be empty or end with "/", got "${this.storyPrefix}"`);
    }

    const secureBucket = {
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    this.uploadBucket = new Bucket(this, 'UploadBucket', secureBucket);
    this.archiveBucket = new Bucket(this, 'ArchiveBucket', secureBucket);

    this.ledgerTable = new TableV2(this, 'LedgerTable', {
      partitionKey: { name: TABLE_SCHEMA.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_SCHEMA.sortKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: TABLE_SCHEMA.indexes.map((index) => ({
        indexName: index.indexName,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
      })),
    });

    this.deadLetterQueue = new Queue(this, 'NotificationDeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.notificationQueue = new Queue(this, 'NotificationQueue', {
      // SSE-SQS: S3 can deliver to it, and no KMS key policy ties the stacks together.
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.queueVisibilityTimeout ?? Duration.minutes(6),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
    const destination = new SqsDestination(this.notificationQueue);
    const filter = this.storyPrefix ? [{ prefix: this.storyPrefix }] : [];
    this.uploadBucket.addEventNotification(EventType.OBJECT_CREATED, destination, ...filter);
    this.uploadBucket.addEventNotification(EventType.OBJECT_REMOVED, destination, ...filter);

    new CfnOutput(this, 'UploadBucketName', { value: this.uploadBucket.bucketName, description: 'Upload story revisions here' });
    new CfnOutput(this, 'ArchiveBucketName', { value: this.archiveBucket.bucketName, description: "Redline's canonical revisions and overflow patches" });
    new CfnOutput(this, 'LedgerTableName', { value: this.ledgerTable.tableName, description: 'Versioned change records' });
    new CfnOutput(this, 'NotificationQueueUrl', { value: this.notificationQueue.queueUrl });
    new CfnOutput(this, 'NotificationQueueName', { value: this.notificationQueue.queueName });
    new CfnOutput(this, 'DeadLetterQueueName', { value: this.deadLetterQueue.queueName });
  }
}
