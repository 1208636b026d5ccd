// Composes Redline's stacks and its security checks; `bin/app.ts` calls this with settings read
// from CDK context.
import { Validations, type App, type Environment, type StackProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RedlineProcessingStack, type RedlineProcessingStackProps } from './processing-stack.ts';
import { RedlineStorageStack, type RedlineStorageStackProps } from './storage-stack.ts';

export interface RedlineAppProps {
  /** Prefix of the two stack names. @default 'Redline' */
  readonly stackPrefix?: string;
  readonly env?: Environment;
  readonly storage?: Omit<RedlineStorageStackProps, keyof StackProps>;
  readonly processing?: Omit<RedlineProcessingStackProps, 'storage' | keyof StackProps>;
  /**
   * Run cdk-nag's AWS Solutions rules at synthesis; an unacknowledged finding fails `cdk synth`.
   * @default true
   */
  readonly nag?: boolean;
}

export function createRedlineStacks(app: App, props: RedlineAppProps = {}) {
  const prefix = props.stackPrefix ?? 'Redline';
  const storage = new RedlineStorageStack(app, `${prefix}Storage`, {
    env: props.env,
    description: 'Redline: upload bucket, archive, ledger table and notification queue (retained)',
    ...props.storage,
  });
  const processing = new RedlineProcessingStack(app, `${prefix}Processing`, {
    env: props.env,
    description: 'Redline: ingest function (S3 → SQS → Lambda → DynamoDB), alarms and dashboard',
    storage,
    ...props.processing,
  });
  if (props.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { storage, processing };
}
