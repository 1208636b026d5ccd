import { describe, it } from 'vitest';
import { describeLedgerConformance } from '../support/ledger-suite.ts';
import { describeLogConformance } from '../support/log-suite.ts';
import { motoHarness } from '../support/harness.ts';
import { motoAvailable } from '../support/moto.ts';

// moto server: a versioned S3 that notifies SQS (TestEvent first, `/` encoded as %2F, no
// versionId or sequencer in its events), driven through `redline worker`. moto_server is a Python
// tool preinstalled on CI machines; REDLINE_SKIP_MOTO=1 skips it elsewhere (and says so).
if (process.env.REDLINE_SKIP_MOTO === '1') {
  describe.skip('Ledger conformance: moto (skipped by REDLINE_SKIP_MOTO=1)', () => {
    it.skip('needs moto_server', () => {});
  });
} else {
  if (!motoAvailable()) throw new Error('moto_server is not on PATH (pip install "moto[server]") or set REDLINE_SKIP_MOTO=1');
  describe('Ledger conformance: moto server (versioned S3 → SQS → redline worker, DynamoDB)', () => {
    describeLedgerConformance(motoHarness);
  });
  describe('Transparency log: moto server (versioned S3 → SQS → redline worker, DynamoDB)', () => {
    describeLogConformance(motoHarness, { cliBinary: true });
  });
}
