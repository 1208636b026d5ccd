// Composes Redline's stacks; `bin/app.ts` calls this with settings read from CDK context.
import type { App, Environment } from 'aws-cdk-lib';
import { RedlineProcessingStack, type RedlineProcessingStackProps } from './processing-stack.ts';
import { RedlineStorageStack, type RedlineStorageStackProps } from './storage-stack.ts';

export interface RedlineAppProps {
  /** Prefix of the two stack names. @default 'Redline' */
  readonly stackPrefix?: string;
  readonly env?: Environment;
  readonly storage?: Omit<RedlineStorageStackProps, keyof import('aws-cdk-lib').StackProps>;
  readonly processing?: Omit<RedlineProcessingStackProps, 'storage' | keyof import('aws-cdk-lib').StackProps>;
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
    description: 'Redline: ingest function (S3 → SQS → Lambda → DynamoDB)',
    storage,
    ...props.processing,
  });
  return { storage, processing };
}
