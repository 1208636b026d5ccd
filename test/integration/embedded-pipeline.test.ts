import { describe } from 'vitest';
import { describeLedgerConformance } from '../support/ledger-suite.ts';
import { embeddedHarness } from '../support/harness.ts';

// The in-process stand-ins: s3rver (with Redline's versioning layer) and dynalite.
describe('Ledger conformance: embedded stand-ins (s3rver + dynalite)', () => {
  describeLedgerConformance(() => embeddedHarness('embedded'));
});
