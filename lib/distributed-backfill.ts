// Backfill at AWS scale: a Step Functions state machine whose Distributed Map reads a manifest of
// the upload bucket's object versions (an S3 Inventory report, or Redline's own listing in the same
// columns), hands batches of rows to a Lambda function that records each story key with the
// ingest use case, and writes what every batch did (and which failed) to the backfill bucket.
import { Duration, Fn, Stack, Token, Validations, type CfnElement } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  Choice,
  Condition,
  CsvHeaders,
  DefinitionBody,
  DistributedMap,
  Fail,
  ItemBatcher,
  JsonPath,
  LogLevel,
  ResultWriterV2,
  S3CsvItemReader,
  S3ManifestItemReader,
  StateMachine,
  StateMachineType,
  type IItemReader,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { INVENTORY_COLUMNS } from '../lambdas/core/inventory.ts';
import { redlineFunction } from './redline-function.ts';
import { grantRecording } from './ingest-grants.ts';
import { wildcardResourceFinding } from './nag.ts';
import { BACKFILL_PREFIXES, type RedlineStorageStack } from './storage-stack.ts';
import { requireIntegerInRange } from './validate.ts';

export const BACKFILL_BATCH_ENTRY = fileURLToPath(new URL('../lambdas/handlers/backfill-batch.ts', import.meta.url));

/** What an execution is started with (`redline backfill --distributed` builds it). */
export const BACKFILL_SOURCES = {
  /** An S3 Inventory report's manifest.json (CSV format, all versions). */
  inventory: 'inventory',
  /** A headerless CSV in the INVENTORY_COLUMNS order: Redline's own listing of the bucket's versions. */
  listing: 'listing',
} as const;

export interface DistributedBackfillProps {
  readonly storage: RedlineStorageStack;
  /** The ingest configuration the ingest function runs with (prefix, size limit, formats). */
  readonly ingestEnvironment: Readonly<Record<string, string>>;
  /**
   * Child executions (batches) running at once; each runs one Lambda invocation at a time.
   * @default 100
   */
  readonly maxConcurrency?: number;
  /**
   * Manifest rows (object versions) per child execution. A key whose versions straddle two
   * batches is walked by both; the second finds it recorded (exactly once either way).
   * @default 200
   */
  readonly rowsPerBatch?: number;
  /**
   * Percentage of batches that may fail (after retries) before the whole run fails; failed batches
   * are listed in the report either way.
   * @default 5
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * Memory of the batch function in MB.
   * @default 1024
   */
  readonly memorySize?: number;
  readonly logRetention: RetentionDays;
}

export class DistributedBackfill extends Construct {
  readonly stateMachine: StateMachine;
  readonly batchFunction: NodejsFunction;

  constructor(scope: Construct, id: string, props: DistributedBackfillProps) {
    super(scope, id);
    const { storage } = props;
    const maxConcurrency = props.maxConcurrency ?? 100;
    const rowsPerBatch = props.rowsPerBatch ?? 200;
    const toleratedFailurePercentage = props.toleratedFailurePercentage ?? 5;
    // Step Functions runs at most 10,000 child executions of one Map Run at once.
    requireIntegerInRange('backfill maxConcurrency', maxConcurrency, 1, 10_000);
    requireIntegerInRange('backfill rowsPerBatch', rowsPerBatch, 1, 1000);
    requireIntegerInRange('backfill toleratedFailurePercentage', toleratedFailurePercentage, 0, 100);
    requireIntegerInRange('backfill memorySize', props.memorySize ?? 1024, 128, 10_240, ' MB');

    const { fn, role } = redlineFunction(this, 'Batch', {
      entry: BACKFILL_BATCH_ENTRY,
      description: 'Redline distributed backfill: records one batch of story keys',
      memorySize: props.memorySize ?? 1024,
      // Express child executions last at most 5 minutes.
      timeout: Duration.minutes(4),
      environment: {
        ...props.ingestEnvironment,
        REDLINE_UPLOAD_BUCKET: storage.uploadBucket.bucketName,
        POWERTOOLS_SERVICE_NAME: 'redline-backfill',
      },
      logRetention: props.logRetention,
    });
    this.batchFunction = fn;
    grantRecording(this.batchFunction, role, storage, 'The backfill (a manifest row)');

    const source = (sourceId: string, itemReader: IItemReader) => {
      const map = new DistributedMap(this, `Record${sourceId}`, {
        comment: `Record every story key of the ${sourceId.toLowerCase()} manifest, ${rowsPerBatch} rows per child execution`,
        itemReader,
        itemBatcher: new ItemBatcher({ maxItemsPerBatch: rowsPerBatch }),
        maxConcurrency,
        toleratedFailurePercentage,
        resultWriterV2: new ResultWriterV2({ bucket: storage.backfillBucket, prefix: BACKFILL_PREFIXES.reports.slice(0, -1) }),
        resultPath: '$.report',
        mapExecutionType: StateMachineType.EXPRESS,
      });
      const record = new LambdaInvoke(this, `RecordBatch${sourceId}`, { lambdaFunction: this.batchFunction, payloadResponseOnly: true, retryOnServiceExceptions: true });
      // A failed key makes the batch fail; recording is idempotent, so retrying records only what is missing.
      record.addRetry({ errors: ['States.ALL'], maxAttempts: 2, interval: Duration.seconds(5), backoffRate: 3 });
      map.itemProcessor(record);
      return map;
    };
    const manifest = { bucketNamePath: JsonPath.stringAt('$.manifest.bucket'), key: JsonPath.stringAt('$.manifest.key') };
    const definition = new Choice(this, 'Manifest source')
      .when(Condition.stringEquals('$.source', BACKFILL_SOURCES.inventory), source('Inventory', new S3ManifestItemReader(manifest)))
      .when(Condition.stringEquals('$.source', BACKFILL_SOURCES.listing), source('Listing', new S3CsvItemReader({ ...manifest, csvHeaders: CsvHeaders.use([...INVENTORY_COLUMNS]) })))
      .otherwise(
        new Fail(this, 'Unknown source', {
          error: 'UnknownManifestSource',
          cause: `start the backfill with { "source": "${BACKFILL_SOURCES.inventory}" | "${BACKFILL_SOURCES.listing}", "manifest": { "bucket": …, "key": … } }`,
        }),
      );

    const machineLogs = new LogGroup(this, 'StateMachineLogs', { retention: props.logRetention });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      comment: 'Redline: record every story version a manifest of the upload bucket lists (idempotent)',
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromChainable(definition),
      logs: { destination: machineLogs, level: LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    // The item reader reads the manifest an execution names (and, for an S3 Inventory manifest, the
    // CSV files it lists) from the backfill bucket; the bucket name comes from the execution input.
    const backfillBucket = storage.backfillBucket;
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['s3:GetObject'],
        resources: [backfillBucket.arnForObjects(`${BACKFILL_PREFIXES.manifests}*`), backfillBucket.arnForObjects(`${BACKFILL_PREFIXES.inventory}*`)],
      }),
    );
    const stack = Stack.of(this);
    const machineRole = this.stateMachine.role;
    const imported = (value: string) => (stack.resolve(Stack.of(storage).exportValue(value)) as { 'Fn::ImportValue': string })['Fn::ImportValue'];
    const functionArn = `<${stack.getLogicalId(this.batchFunction.node.defaultChild as CfnElement)}.Arn>`;
    Validations.of(machineRole).acknowledge(
      ...[BACKFILL_PREFIXES.manifests, BACKFILL_PREFIXES.inventory].map((prefix) => ({
        id: wildcardResourceFinding(machineRole, backfillBucket, backfillBucket.bucketArn, `/${prefix}*`),
        reason: `The Distributed Map reads the manifest an execution names (and the inventory CSV files it lists) under ${prefix} of the backfill bucket; GetObject only.`,
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${imported(backfillBucket.bucketName)}/*]`,
        reason: 'The Distributed Map ResultWriter writes its report (manifest.json, SUCCEEDED_n.json, FAILED_n.json) under reports/<execution>/ of the backfill bucket, as multipart uploads.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${functionArn}:*]`,
        reason: 'Step Functions invokes the backfill batch function; the :* covers its versions and aliases (the LambdaInvoke grant), no other function.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray trace segments and CloudWatch Logs log delivery (vended logs) take no resource-level permissions; the actions are the tracing and logging ones only.',
      },
    );
    // The Distributed Map starts, describes and stops its own child executions.
    const ownName = JSON.stringify(stack.resolve(Fn.select(6, Fn.split(':', this.stateMachine.stateMachineArn))));
    // As cdk-nag writes the ARN: pseudo parameters for an environment-agnostic stack, literals otherwise.
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const partition = Token.isUnresolved(stack.region) ? '<AWS::Partition>' : (RegionInfo.get(stack.region).partition ?? 'aws');
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    Validations.of(this.stateMachine.node.findChild('DistributedMapPolicy')).acknowledge(
      ...[':*', '/*:*'].map((suffix) => ({
        id: `AwsSolutions-IAM5[Resource::arn:${partition}:states:${region}:${account}:execution:${ownName}${suffix}]`,
        reason: "A Distributed Map runs its batches as child executions of this state machine's own Map Run; the wildcard is those executions, nothing else.",
      })),
    );
  }
}
