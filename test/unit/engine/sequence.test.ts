import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSequences } from '../../../lambdas/core/engine/sequence.ts';

const sequence = fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 60 });

describe('Function: diffSequences', () => {
  it('returns runs that rebuild b from a, with kept runs equal on both sides', () => {
    fc.assert(
      fc.property(sequence, sequence, fc.constantFrom(0, 3, 256), (a, b, maxEdits) => {
        // Prepare / Act
        const runs = diffSequences(a, b, { maxEdits });

        // Assess
        const rebuilt: number[] = [];
        let aCursor = 0;
        for (const run of runs) {
          if (run.kind === 0) {
            expect(run.aStart).toBe(aCursor);
            expect(a.slice(run.aStart, run.aStart + run.length)).toEqual(b.slice(run.bStart, run.bStart + run.length));
            rebuilt.push(...a.slice(run.aStart, run.aStart + run.length));
            aCursor += run.length;
          } else if (run.kind === 1) {
            expect(run.aStart).toBe(aCursor);
            aCursor += run.length;
          } else {
            rebuilt.push(...b.slice(run.bStart, run.bStart + run.length));
          }
        }
        expect(aCursor).toBe(a.length);
        expect(rebuilt).toEqual(b);
      }),
      { numRuns: 1000 },
    );
  });

  it('returns a minimal edit when the sequences differ by one substitution', () => {
    // Prepare
    const a = [1, 2, 3, 4, 5, 6];
    const b = [1, 2, 9, 4, 5, 6];

    // Act
    const runs = diffSequences(a, b);

    // Assess
    expect(runs).toEqual([
      { kind: 0, aStart: 0, bStart: 0, length: 2 },
      { kind: 1, aStart: 2, bStart: 2, length: 1 },
      { kind: 2, aStart: 3, bStart: 2, length: 1 },
      { kind: 0, aStart: 3, bStart: 3, length: 3 },
    ]);
  });

  it('returns one replacement when the sequences share nothing (bounded effort)', () => {
    // Prepare
    const a = Array.from({ length: 5000 }, (_, i) => i);
    const b = Array.from({ length: 5000 }, (_, i) => i + 10_000);

    // Act
    const runs = diffSequences(a, b);

    // Assess
    expect(runs.map((run) => [run.kind, run.length])).toEqual([
      [1, 5000],
      [2, 5000],
    ]);
  });
});
