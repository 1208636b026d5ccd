// The stateless half of Redline: the ingest function that turns queued S3 notifications into
// version records, its alarms and dashboard, and the read-only auditor query API. Safe to destroy and redeploy; it holds no data.
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import type { RevisionFormat } from '../lambdas/core/engine/types.ts';
import { REVISION_FORMATS } from '../lambdas/core/story-keys.ts';
import { redlineFunction } from './redline-function.ts';
import { INGEST_METRICS, IngestMonitoring } from './monitoring.ts';
import { QueryApi } from './query-api.ts';
import { LogIntegrator } from './log-integrator.ts';
import { DistributedBackfill } from './distributed-backfill.ts';
import { grantRecording } from './ingest-grants.ts';
import type { RedlineStorageStack } from './storage-stack.ts';
import { requireIntegerInRange, requirePositiveInteger } from './validate.ts';

/** Every format Redline can read (`.txt`, `.md`, `.html`, `.json` ninjs, `.xml` NewsML-G2 …). */

export interface RedlineProcessingStackProps extends StackProps {
  readonly storage: RedlineStorageStack;
  /**
   * Memory of the ingest function in MB; CPU scales with it (1 vCPU at 1,769 MB).
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Timeout of the ingest function; the queue's visibility timeout must be at least 6× this.
   * @default Duration.minutes(1)
   */
  readonly timeout?: Duration;
  /**
   * Concurrent executions reserved for (and capping) the ingest function; the queue's event
   * source is capped to the same number so SQS does not throttle itself into the DLQ.
   * @default - no reservation: the account's unreserved pool, the event source scales freely
   */
  readonly reservedConcurrency?: number;
  /**
   * Largest upload Redline reads, in bytes; larger ones are recorded as rejected.
   * @default 5 MiB
   */
  readonly maxRevisionBytes?: number;
  /**
   * Formats recorded as content; uploads in any other format are recorded as rejected
   * (`unknown-format`). Passed to the function as `REDLINE_ACCEPTED_FORMATS`.
   * @default - every format Redline reads (REVISION_FORMATS)
   */
  readonly acceptedFormats?: readonly RevisionFormat[];
  /**
   * How long the ingest function's logs are kept (the ledger itself is kept forever).
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * ARN of an SNS topic that receives alarm and back-to-OK notifications.
   * @default - alarms change state in CloudWatch only
   */
  readonly alarmTopicArn?: string;
  /**
   * Age of the oldest queued notification that raises the late-recording alarm.
   * @default Duration.minutes(15)
   */
  readonly maxNotificationAge?: Duration;
  /**
   * How often the transparency log signs a checkpoint when records are pending (whole minutes).
   * @default Duration.seconds(60)
   */
  readonly checkpointInterval?: Duration;
  /**
   * The transparency log's name (checkpoint origin, note key name).
   * @default `redline/<account>/<region>/<table name>`
   */
  readonly logOrigin?: string;
  /**
   * Integration lag that raises the log's lag alarm.
   * @default Duration.minutes(5)
   */
  readonly maxIntegrationLag?: Duration;
  /**
   * The distributed backfill (Step Functions Distributed Map): child executions at once, manifest
   * rows per child and the percentage of failed batches tolerated.
   * @default - 100 children at once, 200 rows each, 5 % tolerated
   */
  readonly backfill?: {
    readonly maxConcurrency?: number;
    readonly rowsPerBatch?: number;
    readonly toleratedFailurePercentage?: number;
  };
}

export const INGEST_ENTRY = fileURLToPath(new URL('../lambdas/handlers/ingest.ts', import.meta.url));

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[\w-]{1,256}$/;

export class RedlineProcessingStack extends Stack {
  readonly ingestFunction: NodejsFunction;
  readonly monitoring: IngestMonitoring;
  readonly queryApi: QueryApi;
  readonly logIntegrator: LogIntegrator;
  readonly backfill: DistributedBackfill;

  constructor(scope: Construct, id: string, props: RedlineProcessingStackProps) {
    super(scope, id, props);
    const { storage } = props;
    const timeout = props.timeout ?? Duration.minutes(1);
    const memorySize = props.memorySize ?? 1024;
    validateProcessingProps(props, timeout, memorySize);
    const visibility = storage.notificationQueue.node.defaultChild as { visibilityTimeout?: number } | undefined;
    if (visibility?.visibilityTimeout !== undefined && visibility.visibilityTimeout < 6 * timeout.toSeconds()) {
      throw new Error(
        `the notification queue's visibility timeout (${visibility.visibilityTimeout} s) must be at least 6× the ingest timeout (${timeout.toSeconds()} s)`,
      );
    }

    // One ingest configuration for the ingest function and the distributed backfill.
    const ingestEnvironment = {
      REDLINE_TABLE: storage.ledgerTable.tableName,
      REDLINE_ARCHIVE_BUCKET: storage.archiveBucket.bucketName,
      REDLINE_STORY_PREFIX: storage.storyPrefix,
      ...(props.maxRevisionBytes ? { REDLINE_MAX_REVISION_BYTES: String(props.maxRevisionBytes) } : {}),
      ...(props.acceptedFormats ? { REDLINE_ACCEPTED_FORMATS: props.acceptedFormats.join(',') } : {}),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // Its own role: writes to its own log group only (no AWSLambdaBasicExecutionRole on "*").
    const { fn, role } = redlineFunction(this, 'Ingest', {
      entry: INGEST_ENTRY,
      description: 'Redline ingest function',
      memorySize,
      timeout,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: {
        ...ingestEnvironment,
        POWERTOOLS_SERVICE_NAME: INGEST_METRICS.service,
        POWERTOOLS_METRICS_NAMESPACE: INGEST_METRICS.namespace,
      },
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });
    this.ingestFunction = fn;

    grantRecording(this.ingestFunction, role, storage, 'Ingest (a notification)');
    this.ingestFunction.addEventSource(
      new SqsEventSource(storage.notificationQueue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(1),
        ...(props.reservedConcurrency !== undefined ? { maxConcurrency: props.reservedConcurrency } : {}),
      }),
    );

    this.monitoring = new IngestMonitoring(this, 'Monitoring', {
      ingestFunction: this.ingestFunction,
      notificationQueue: storage.notificationQueue,
      deadLetterQueue: storage.deadLetterQueue,
      alarmTopic: props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined,
      maxMessageAge: props.maxNotificationAge,
    });

    this.logIntegrator = new LogIntegrator(this, 'LogIntegrator', {
      storage,
      ...(props.checkpointInterval ? { checkpointInterval: props.checkpointInterval } : {}),
      ...(props.logOrigin ? { origin: props.logOrigin } : {}),
      ...(props.maxIntegrationLag ? { maxLag: props.maxIntegrationLag } : {}),
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      ...(props.alarmTopicArn ? { alarmTopic: Topic.fromTopicArn(this, 'LogAlarmTopic', props.alarmTopicArn) } : {}),
    });

    this.backfill = new DistributedBackfill(this, 'Backfill', {
      storage,
      ingestEnvironment,
      ...(props.backfill?.maxConcurrency !== undefined ? { maxConcurrency: props.backfill.maxConcurrency } : {}),
      ...(props.backfill?.rowsPerBatch !== undefined ? { rowsPerBatch: props.backfill.rowsPerBatch } : {}),
      ...(props.backfill?.toleratedFailurePercentage !== undefined ? { toleratedFailurePercentage: props.backfill.toleratedFailurePercentage } : {}),
      logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    });

    this.queryApi = new QueryApi(this, 'QueryApi', { storage, auditorRole: storage.auditorRole, logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS });

    new CfnOutput(this, 'IngestFunctionName', { value: this.ingestFunction.functionName });
    new CfnOutput(this, 'LogIntegratorFunctionName', { value: this.logIntegrator.function.functionName, description: 'Signs transparency log checkpoints on a schedule' });
    new CfnOutput(this, 'BackfillStateMachineArn', { value: this.backfill.stateMachine.stateMachineArn, description: 'redline backfill --distributed: records every story version a manifest lists' });
    new CfnOutput(this, 'QueryApiUrl', { value: this.queryApi.url.url, description: 'Auditor query API (IAM-signed requests only; assume AuditorRole)' });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName, description: 'CloudWatch dashboard of the ingest path' });
  }
}

function validateProcessingProps(props: RedlineProcessingStackProps, timeout: Duration, memorySize: number): void {
  requireIntegerInRange('memorySize', memorySize, 128, 10_240, ' MB');
  requireIntegerInRange('timeout', timeout.toSeconds(), 1, 900, ' seconds');
  if (props.reservedConcurrency !== undefined) requireIntegerInRange('reservedConcurrency', props.reservedConcurrency, 2, 1000);
  if (props.maxRevisionBytes !== undefined) requireIntegerInRange('maxRevisionBytes', props.maxRevisionBytes, 1, 100 * 1024 * 1024, ' bytes');
  if (props.maxNotificationAge !== undefined) requirePositiveInteger('maxNotificationAge (seconds)', props.maxNotificationAge.toSeconds());
  if (props.acceptedFormats !== undefined) {
    if (props.acceptedFormats.length === 0) throw new Error(`acceptedFormats must name at least one of ${REVISION_FORMATS.join(', ')}`);
    const unknown = props.acceptedFormats.filter((format) => !REVISION_FORMATS.includes(format));
    if (unknown.length > 0) throw new Error(`acceptedFormats: unknown format "${unknown[0]}" (known: ${REVISION_FORMATS.join(', ')})`);
  }
  if (props.alarmTopicArn !== undefined && !SNS_TOPIC_ARN.test(props.alarmTopicArn)) {
    throw new Error(`alarmTopicArn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>), got "${props.alarmTopicArn}"`);
  }
}
