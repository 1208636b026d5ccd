// The transparency log's integrator on AWS: one function (reserved concurrency 1), fed by the ledger
// table's stream (writes of log queue entries, gathered for one checkpoint interval) and run on a
// schedule as well, appends pending version records to the log kept in the ledger table, signs a checkpoint with the
// KMS Ed25519 key and keeps it in the write-once checkpoint bucket; an alarm fires when records
// wait too long (or the integrator stops reporting).
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LOG_METRICS } from '../lambdas/handlers/emf-metrics.ts';
import { keys } from '../lambdas/adapters/table-keys.ts';
import { redlineFunction } from './redline-function.ts';
import { wildcardResourceFinding } from './nag.ts';
import type { RedlineStorageStack } from './storage-stack.ts';

export const LOG_INTEGRATOR_ENTRY = fileURLToPath(new URL('../lambdas/handlers/log-integrator.ts', import.meta.url));

export interface LogIntegratorProps {
  readonly storage: RedlineStorageStack;
  /**
   * How often a checkpoint is signed when records are pending: the schedule's rate. EventBridge
   * schedules run at most once a minute, so a whole number of minutes.
   * @default Duration.seconds(60)
   */
  readonly checkpointInterval?: Duration;
  /**
   * The log's name: the checkpoint origin and the note key name (no spaces, no "+").
   * @default `redline/<account>/<region>/<table name>`
   */
  readonly origin?: string;
  /**
   * Integration lag (oldest record integrated in a run, at that run) that raises the alarm.
   * @default Duration.minutes(5)
   */
  readonly maxLag?: Duration;
  readonly logRetention: RetentionDays;
  readonly alarmTopic?: ITopic;
}

export class LogIntegrator extends Construct {
  readonly function: NodejsFunction;
  readonly lagAlarm: Alarm;
  readonly errorsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: LogIntegratorProps) {
    super(scope, id);
    const { storage } = props;
    const interval = props.checkpointInterval ?? Duration.seconds(60);
    if (interval.toSeconds() < 60 || interval.toSeconds() % 60 !== 0) {
      throw new Error(`checkpointInterval must be a whole number of minutes (EventBridge schedules run at most once a minute), got ${interval.toSeconds()} seconds`);
    }
    const maxLag = props.maxLag ?? Duration.minutes(5);
    const stack = Stack.of(this);
    const origin = props.origin ?? `redline/${stack.account}/${stack.region}/${storage.ledgerTable.tableName}`;
    if (props.origin !== undefined && (!props.origin || /[\s+]/.test(props.origin))) throw new Error(`origin must be non-empty with no spaces and no "+", got "${props.origin}"`);

    const { fn, role } = redlineFunction(this, '', {
      entry: LOG_INTEGRATOR_ENTRY,
      description: 'Redline transparency log integrator',
      memorySize: 1024,
      timeout: Duration.minutes(2),
      // One integrator at a time: the log is append-only with a single writer (a lease backs this up).
      reservedConcurrentExecutions: 1,
      environment: {
        REDLINE_TABLE: storage.ledgerTable.tableName,
        REDLINE_LOG_KMS_KEY_ID: storage.logSigningKey.keyArn,
        REDLINE_LOG_ORIGIN: origin,
        REDLINE_CHECKPOINT_BUCKET: storage.checkpointBucket.bucketName,
        POWERTOOLS_SERVICE_NAME: LOG_METRICS.service,
        POWERTOOLS_METRICS_NAMESPACE: LOG_METRICS.namespace,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      logRetention: props.logRetention,
    });
    this.function = fn;
    role.addToPolicy(new PolicyStatement({ actions: ['kms:Sign', 'kms:GetPublicKey'], resources: [storage.logSigningKey.keyArn] }));
    role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:BatchWriteItem'],
        resources: [storage.ledgerTable.tableArn],
      }),
    );
    storage.checkpointBucket.grants.actionsOnObjectKeys(this.function, 'checkpoints/*', 's3:PutObject');
    Validations.of(role).acknowledge({
      id: wildcardResourceFinding(role, storage.checkpointBucket, storage.checkpointBucket.bucketArn, '/checkpoints/*'),
      reason: 'The integrator writes each new checkpoint as checkpoints/<size>.txt (and checkpoints/latest.txt) into the write-once bucket; PutObject only, Object Lock keeps every version.',
    });

    // Fed by the table's stream: each write of a log queue entry (a writer queuing a version it just
    // committed) starts a run once a checkpoint interval's worth is gathered (at most 5 minutes, the
    // stream's longest batching window) or 10,000 are waiting. The run reads the queue itself, so a
    // batch that fails is retried once and then dropped: the schedule below still runs.
    this.function.addEventSource(
      new DynamoEventSource(storage.ledgerTable, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 10_000,
        maxBatchingWindow: Duration.seconds(Math.min(interval.toSeconds(), 300)),
        retryAttempts: 1,
        filters: [FilterCriteria.filter({ eventName: FilterRule.or('INSERT', 'MODIFY'), dynamodb: { Keys: { PK: { S: FilterRule.isEqual(keys.logQueue) } } } })],
      }),
    );

    new Rule(this, 'Schedule', {
      schedule: Schedule.rate(interval),
      description: 'Integrate pending version records into the transparency log and sign a checkpoint',
      targets: [new LambdaFunction(this.function, { retryAttempts: 0 })],
    });

    const alarm = (alarmId: string, metric: Metric, threshold: number, description: string, treatMissingData: TreatMissingData) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData,
        alarmDescription: description,
      });
      if (props.alarmTopic) {
        created.addAlarmAction(new SnsAction(props.alarmTopic));
        created.addOkAction(new SnsAction(props.alarmTopic));
      }
      return created;
    };
    this.lagAlarm = alarm(
      'IntegrationLag',
      new Metric({ namespace: LOG_METRICS.namespace, metricName: LOG_METRICS.names.lag, dimensionsMap: { service: LOG_METRICS.service }, statistic: 'Maximum', period: Duration.minutes(5) }),
      maxLag.toSeconds(),
      `Redline: version records waited more than ${maxLag.toSeconds()} s for the transparency log, or the integrator stopped reporting.`,
      // No datapoint for 5 minutes means the integrator is not running: that is lag too.
      TreatMissingData.BREACHING,
    );
    this.errorsAlarm = alarm(
      'IntegratorErrors',
      this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
      'Redline: the transparency log integrator failed (an error or a timeout).',
      TreatMissingData.NOT_BREACHING,
    );
  }
}
