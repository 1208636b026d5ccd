import { describe } from 'vitest';
import { describeLedgerConformance } from '../support/ledger-suite.ts';
import { embeddedHarness } from '../support/harness.ts';

// The same checks with the dependencies `redline start`'s pump records with: versions read from the
// stand-in's log in process, and the latest record and content hashes of its own writes remembered.
describe('Ledger conformance: the embedded pump (in-process version reads, remembered writes)', () => {
  describeLedgerConformance(() => embeddedHarness('embedded pump', undefined, { deps: 'pump' }));
});
