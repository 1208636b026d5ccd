// Alarms and a dashboard for the ingest path: a stuck or failing pipeline must be loud, because an
// audit ledger that silently stops recording is worse than none.
import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INGEST_METRICS } from '../lambdas/handlers/emf-metrics.ts';

export { INGEST_METRICS };

export interface IngestMonitoringProps {
  readonly ingestFunction: IFunction;
  readonly notificationQueue: IQueue;
  readonly deadLetterQueue: IQueue;
  /**
   * Where alarms (and their return to OK) are sent.
   * @default - alarms change state in CloudWatch only
   */
  readonly alarmTopic?: ITopic;
  /**
   * Age of the oldest queued notification that raises the alarm: revisions are being recorded late.
   * @default Duration.minutes(15)
   */
  readonly maxMessageAge?: Duration;
}

export class IngestMonitoring extends Construct {
  readonly dlqDepthAlarm: Alarm;
  readonly errorsAlarm: Alarm;
  readonly throttlesAlarm: Alarm;
  readonly oldestMessageAlarm: Alarm;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: IngestMonitoringProps) {
    super(scope, id);
    const { ingestFunction: fn, notificationQueue: queue, deadLetterQueue: dlq } = props;
    const maxAge = props.maxMessageAge ?? Duration.minutes(15);
    const minute = Duration.minutes(1);

    const alarm = (alarmId: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (props.alarmTopic) {
        created.addAlarmAction(new SnsAction(props.alarmTopic));
        created.addOkAction(new SnsAction(props.alarmTopic));
      }
      return created;
    };
    this.dlqDepthAlarm = alarm(
      'DeadLetterQueueDepth',
      dlq.metricApproximateNumberOfMessagesVisible({ period: minute, statistic: 'Maximum' }),
      0,
      'Redline: notifications failed 5 times and are in the dead-letter queue; their revisions are NOT in the ledger yet. Fix the cause, then redrive the DLQ.',
    );
    this.errorsAlarm = alarm('IngestErrors', fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'Redline: the ingest function failed (an invocation error or timeout).');
    this.throttlesAlarm = alarm('IngestThrottles', fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'Redline: the ingest function was throttled; raise its reserved concurrency or the account limit.');
    this.oldestMessageAlarm = alarm(
      'OldestNotificationAge',
      queue.metricApproximateAgeOfOldestMessage({ period: minute, statistic: 'Maximum' }),
      maxAge.toSeconds(),
      `Redline: a notification has waited more than ${maxAge.toHumanString()}; revisions are being recorded late.`,
    );

    const redline = (name: string, statistic = 'Sum', label?: string) =>
      new Metric({ namespace: INGEST_METRICS.namespace, metricName: name, dimensionsMap: { service: INGEST_METRICS.service }, statistic, period: Duration.minutes(5), label: label ?? name });
    const names = INGEST_METRICS.names;
    this.dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(1) });
    this.dashboard.addWidgets(
      new TextWidget({ markdown: '## Redline ingest\nRevisions recorded into the ledger, what was ignored or rejected, and the health of the S3 → SQS → Lambda path.', width: 24, height: 2 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({
        title: 'Revisions',
        left: [redline(names.recorded), redline(names.rejected), redline(names.duplicate), redline(names.ignored), redline(names.stealth)],
        width: 12,
      }),
      new GraphWidget({ title: 'Processing time per revision (ms)', left: [redline(names.processingMs, 'p50', 'p50'), redline(names.processingMs, 'p99', 'p99')], width: 6 }),
      new GraphWidget({ title: 'Diff size (bytes)', left: [redline(names.diffBytes, 'Average', 'average'), redline(names.diffBytes, 'Maximum', 'max')], width: 6 }),
    );
    this.dashboard.addWidgets(
      new GraphWidget({ title: 'Ingest function', left: [fn.metricInvocations(), fn.metricErrors(), fn.metricThrottles()], right: [fn.metricDuration({ statistic: 'p99' })], width: 12 }),
      new GraphWidget({ title: 'Notification queue', left: [queue.metricApproximateNumberOfMessagesVisible()], right: [queue.metricApproximateAgeOfOldestMessage()], width: 6 }),
      new SingleValueWidget({ title: 'Dead-letter queue', metrics: [dlq.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum' })], width: 6 }),
    );
  }
}
