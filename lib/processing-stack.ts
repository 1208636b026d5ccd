// The stateless half of Redline: the ingest function that turns queued S3 notifications into
// version records. Safe to destroy and redeploy; it holds no data.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { RedlineStorageStack } from './storage-stack.ts';

export interface RedlineProcessingStackProps extends StackProps {
  readonly storage: RedlineStorageStack;
  /**
   * Memory of the ingest function; CPU scales with it.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Timeout of the ingest function; the queue's visibility timeout must be at least 6× this.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Largest upload Redline reads, in bytes; larger ones are recorded as rejected.
   * @default 5 MiB
   */
  readonly maxRevisionBytes?: number;
}

export const INGEST_ENTRY = fileURLToPath(new URL('../lambdas/handlers/ingest.ts', import.meta.url));

export class RedlineProcessingStack extends Stack {
  readonly ingestFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: RedlineProcessingStackProps) {
    super(scope, id, props);
    const { storage } = props;
    const timeout = props.timeout ?? Duration.minutes(1);
    const visibility = storage.notificationQueue.node.defaultChild as { visibilityTimeout?: number } | undefined;
    if (visibility?.visibilityTimeout !== undefined && visibility.visibilityTimeout < 6 * timeout.toSeconds()) {
      throw new Error(
        `the notification queue's visibility timeout (${visibility.visibilityTimeout} s) must be at least 6× the ingest timeout (${timeout.toSeconds()} s)`,
      );
    }

    this.ingestFunction = new NodejsFunction(this, 'IngestFunction', {
      entry: INGEST_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout,
      logGroup: new LogGroup(this, 'IngestLogs', { retention: RetentionDays.THREE_MONTHS }),
      environment: {
        REDLINE_TABLE: storage.ledgerTable.tableName,
        REDLINE_ARCHIVE_BUCKET: storage.archiveBucket.bucketName,
        REDLINE_STORY_PREFIX: storage.storyPrefix,
        ...(props.maxRevisionBytes ? { REDLINE_MAX_REVISION_BYTES: String(props.maxRevisionBytes) } : {}),
        POWERTOOLS_SERVICE_NAME: 'redline-ingest',
      },
      bundling: {
        format: OutputFormat.ESM,
        minify: true,
        sourceMap: false,
        target: 'node24',
        mainFields: ['module', 'main'],
        bundleAwsSDK: true,
        // CommonJS dependencies inside an ES module bundle still call require().
        banner: "import { createRequire as __redlineCreateRequire } from 'node:module'; const require = __redlineCreateRequire(import.meta.url);",
      },
    });

    // Least privilege: read story revisions (by version), list a story key's versions, keep
    // canonical texts in the archive, and read/write ledger items. Nothing can delete.
    storage.uploadBucket.grants.actionsOnObjectKeys(this.ingestFunction, `${storage.storyPrefix}*`, 's3:GetObject', 's3:GetObjectVersion');
    this.ingestFunction.addToRolePolicy(
      new PolicyStatement({
        // ListBucket makes a missing object answer 404 (not 403); ListBucketVersions serves the version walk.
        actions: ['s3:ListBucket', 's3:ListBucketVersions', 's3:GetBucketVersioning'],
        resources: [storage.uploadBucket.bucketArn],
      }),
    );
    storage.archiveBucket.grants.actionsOnObjectKeys(this.ingestFunction, '*', 's3:GetObject', 's3:PutObject');
    this.ingestFunction.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [storage.archiveBucket.bucketArn] }));
    storage.ledgerTable.grants.actions(this.ingestFunction, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query');
    this.ingestFunction.addEventSource(
      new SqsEventSource(storage.notificationQueue, { batchSize: 10, reportBatchItemFailures: true, maxBatchingWindow: Duration.seconds(1) }),
    );

    new CfnOutput(this, 'IngestFunctionName', { value: this.ingestFunction.functionName });
  }
}
