import { describe, it } from 'vitest';
import { describeLedgerConformance } from '../support/ledger-suite.ts';
import { describeLogConformance } from '../support/log-suite.ts';
import { dynamoDbLocalHarness } from '../support/harness.ts';
import { javaAvailable } from '../support/dynamodb-local.ts';

// AWS's official DynamoDB Local, so nothing depends on a stand-in's quirk. CI installs Java;
// REDLINE_SKIP_DYNAMODB_LOCAL=1 skips it on a machine without Java (and says so).
if (process.env.REDLINE_SKIP_DYNAMODB_LOCAL === '1') {
  describe.skip('Ledger conformance: DynamoDB Local (skipped by REDLINE_SKIP_DYNAMODB_LOCAL=1)', () => {
    it.skip('needs Java 17', () => {});
  });
} else {
  if (!javaAvailable()) throw new Error('DynamoDB Local needs Java 17 (apt-get install -y openjdk-17-jre-headless) or set REDLINE_SKIP_DYNAMODB_LOCAL=1');
  describe('Ledger conformance: DynamoDB Local (official jar) + embedded S3', () => {
    describeLedgerConformance(dynamoDbLocalHarness);
  });
  describe('Transparency log: DynamoDB Local (official jar) + embedded S3', () => {
    describeLogConformance(dynamoDbLocalHarness, { cliBinary: true });
  });
}
