// The read-only auditor query API: one function behind a Lambda function URL that only signed
// (IAM) requests reach. It reads the ledger, its indexes and the archive, and writes nothing of
// them; its one write is an answer too large for the function URL (over 6 MB), copied into its
// own answer bucket (objects expire after a day) and read back through a presigned URL.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Effect, Policy, PolicyStatement, Role, ServicePrincipal, type IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, FunctionUrlAuthType, Runtime, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { LARGE_ANSWER_PREFIX } from '../lambdas/app/large-answers.ts';
import { API_METRICS } from '../lambdas/handlers/emf-metrics.ts';
import { REDLINE_BUNDLING, redlineAfterBundling } from './bundling.ts';
import { wildcardResourceFinding } from './nag.ts';
import type { RedlineStorageStack } from './storage-stack.ts';

export const QUERY_API_ENTRY = fileURLToPath(new URL('../lambdas/handlers/api.ts', import.meta.url));

export interface QueryApiProps {
  readonly storage: RedlineStorageStack;
  /** Principals allowed to call the URL (with SigV4-signed requests). */
  readonly auditorRole: IRole;
  /** @default RetentionDays.THREE_MONTHS (from the processing stack) */
  readonly logRetention: RetentionDays;
}

export class QueryApi extends Construct {
  readonly function: NodejsFunction;
  readonly url: FunctionUrl;
  /** Answers over the function URL's 6 MB, stored once and read through presigned URLs; expire after a day. */
  readonly answerBucket: Bucket;

  constructor(scope: Construct, id: string, props: QueryApiProps) {
    super(scope, id);
    const { storage } = props;
    const logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention });
    this.answerBucket = new Bucket(this, 'AnswerBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Copies of answers the ledger can give again: a day is long enough to read one.
      lifecycleRules: [{ expiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // A browser (the viewer) follows the API's 303 to the presigned URL; the URL is the credential.
      cors: [{ allowedMethods: [HttpMethods.GET, HttpMethods.HEAD], allowedOrigins: ['*'], allowedHeaders: ['range'], exposedHeaders: ['content-length', 'content-range', 'etag'] }],
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.answerBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'Holds only copies of query answers, expiring after a day; who asked is in the query function logs, and the evidence buckets keep their access logs.',
    });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: 'Redline query API (read-only)' });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: QUERY_API_ENTRY,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(15),
      role,
      logGroup,
      environment: {
        REDLINE_TABLE: storage.ledgerTable.tableName,
        REDLINE_ARCHIVE_BUCKET: storage.archiveBucket.bucketName,
        REDLINE_ANSWER_BUCKET: this.answerBucket.bucketName,
        POWERTOOLS_SERVICE_NAME: API_METRICS.service,
        POWERTOOLS_METRICS_NAMESPACE: API_METRICS.namespace,
        // The web viewer's static files ship inside the asset (see bundling below).
        REDLINE_VIEWER_DIR: '/var/task/viewer',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      bundling: {
        ...REDLINE_BUNDLING,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) => [
            ...redlineAfterBundling(inputDir, outputDir),
            `mkdir -p "${outputDir}/viewer"`,
            `cp "${inputDir}"/lambdas/viewer/*.html "${inputDir}"/lambdas/viewer/*.js "${inputDir}"/lambdas/viewer/*.css "${inputDir}"/lambdas/viewer/*.svg "${outputDir}/viewer/"`,
          ],
        },
      },
    });
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
        resources: [storage.ledgerTable.tableArn, `${storage.ledgerTable.tableArn}/index/*`],
      }),
    );
    storage.archiveBucket.grants.actionsOnObjectKeys(this.function, '*', 's3:GetObject');
    // ListBucket makes a missing archive object answer 404 rather than 403.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [storage.archiveBucket.bucketArn] }));
    // Writes and presigns answers under their prefix only (app/large-answers.ts).
    this.answerBucket.grants.actionsOnObjectKeys(this.function, `${LARGE_ANSWER_PREFIX}*`, 's3:PutObject', 's3:GetObject');
    Validations.of(role).acknowledge(
      {
        id: wildcardResourceFinding(role, this.answerBucket, this.answerBucket.bucketArn, `/${LARGE_ANSWER_PREFIX}*`),
        reason: 'Answers over the function URL limit are stored by their SHA-256 under answers/ and read back through presigned URLs; PutObject and GetObject there only.',
      },
      {
        id: wildcardResourceFinding(role, storage.ledgerTable, storage.ledgerTable.tableArn, '/index/*'),
        reason: 'The query API answers "stories by last change" (GSI1), "changes in a time window" (GSI2) and the stealth report (GSI3) from the indexes; read-only actions.',
      },
      {
        id: wildcardResourceFinding(role, storage.archiveBucket, storage.archiveBucket.bucketArn, '/*'),
        reason: 'The query API reads archived canonical texts and overflow patches by content hash; s3:GetObject only.',
      },
    );

    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM });
    // A Policy of this stack (not the role's default policy, which lives in the storage stack) so
    // the stacks do not reference each other both ways.
    new Policy(this, 'AuditorInvokeUrl', {
      roles: [props.auditorRole],
      statements: [
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['lambda:InvokeFunctionUrl'],
          resources: [this.function.functionArn],
          conditions: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
        }),
      ],
    });
  }
}
