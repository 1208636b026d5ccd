// How every Redline Lambda function is made: Node.js 24 on ARM, bundled as REDLINE_BUNDLING, with
// its own log group and its own role that may write to that log group only (no
// AWSLambdaBasicExecutionRole on "*"). Callers add what the function itself needs to the role.
import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { REDLINE_BUNDLING } from './bundling.ts';

export interface RedlineFunctionProps {
  readonly entry: string;
  /** The role's description: which function it serves. */
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  readonly logRetention: RetentionDays;
  readonly reservedConcurrentExecutions?: number;
  /** @default REDLINE_BUNDLING */
  readonly bundling?: BundlingOptions;
}

/** Constructs `<name>Logs`, `<name>Role` and `<name>Function` in `scope`. */
export function redlineFunction(scope: Construct, name: string, props: RedlineFunctionProps): { readonly fn: NodejsFunction; readonly role: Role } {
  const logGroup = new LogGroup(scope, `${name}Logs`, { retention: props.logRetention });
  const role = new Role(scope, `${name}Role`, { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: props.description });
  logGroup.grantWrite(role);
  const fn = new NodejsFunction(scope, `${name}Function`, {
    entry: props.entry,
    handler: 'handler',
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    ...(props.reservedConcurrentExecutions !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions } : {}),
    role,
    logGroup,
    environment: { ...props.environment },
    bundling: props.bundling ?? REDLINE_BUNDLING,
  });
  return { fn, role };
}
