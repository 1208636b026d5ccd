// Names cdk-nag findings exactly, so each acknowledgement covers one finding and nothing else.
import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The `AwsSolutions-IAM5` finding id for a policy in `consumer`'s stack whose resource is
 * `<owner's ARN><suffix>` (say `<upload bucket ARN>/stories/*`). cdk-nag writes a same-stack ARN
 * as `<LogicalId.Arn>` and a cross-stack one as the name of the export it is imported from; that
 * export is created here (as CDK would at synthesis) so its generated name can be read.
 */
export function wildcardResourceFinding(consumer: IConstruct, owner: IConstruct, arn: string, suffix: string): string {
  const consumerStack = Stack.of(consumer);
  const ownerStack = Stack.of(owner);
  if (ownerStack === consumerStack) {
    return `AwsSolutions-IAM5[Resource::<${ownerStack.getLogicalId(owner.node.defaultChild as CfnElement)}.Arn>${suffix}]`;
  }
  const imported = consumerStack.resolve(ownerStack.exportValue(arn)) as { 'Fn::ImportValue'?: string };
  if (!imported['Fn::ImportValue']) throw new Error(`wildcardResourceFinding: ${arn} does not resolve to an export of ${ownerStack.stackName}`);
  return `AwsSolutions-IAM5[Resource::${imported['Fn::ImportValue']}${suffix}]`;
}
