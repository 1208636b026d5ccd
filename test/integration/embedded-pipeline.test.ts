import { describeLedgerConformance } from '../support/ledger-suite.ts';

// The in-process stand-ins: s3rver (with per-PUT version snapshots) and dynalite.
describeLedgerConformance('embedded stand-ins (s3rver + dynalite)', async () => ({ endpoint: undefined, stop: async () => {} }));
