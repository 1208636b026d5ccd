import { describe } from 'vitest';
import { describeLogConformance } from '../support/log-suite.ts';
import { embeddedHarness } from '../support/harness.ts';

describe('Transparency log: embedded stand-ins (s3rver + dynalite)', () => {
  describeLogConformance(() => embeddedHarness('embedded'));
});
