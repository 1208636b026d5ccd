// What every bench that records stories checks afterwards: each story's history holds exactly the
// revisions it was sent, once each and in order, with an intact hash chain.
import { readHistory } from '../../lambdas/cli/history.ts';
import { normalizeRevision, renderCanonical } from '../../lambdas/core/engine/index.ts';
import { sha256Hex } from '../../lambdas/core/hashing.ts';
import { recomputeChainHash } from '../../lambdas/core/ledger.ts';
import type { Ledger } from '../../lambdas/ports.ts';

export interface LedgerCheck {
  readonly lost: number;
  readonly duplicated: number;
  readonly misordered: number;
  readonly brokenLinks: number;
}

/** Stories `${prefix}0` … `${prefix}${stories - 1}`, each sent `text(story, 0 … revisions - 1)` as plain text. */
export async function checkLedger(ledger: Ledger, prefix: string, stories: number, revisions: number, text: (story: number, revision: number) => string): Promise<LedgerCheck> {
  let lost = 0;
  let duplicated = 0;
  let misordered = 0;
  let brokenLinks = 0;
  for (let story = 0; story < stories; story++) {
    const records = await readHistory(ledger, `${prefix}${story}`);
    const expected = Array.from({ length: revisions }, (_, r) => sha256Hex(renderCanonical(normalizeRevision(Buffer.from(text(story, r)), 'text'))));
    const seen = records.map((r) => r.sha256);
    lost += expected.filter((hash) => !seen.includes(hash)).length;
    duplicated += seen.length - new Set(seen).size;
    misordered += seen.filter((hash, i) => hash !== expected[i]).length;
    brokenLinks += records.filter((r, i) => r.version !== i + 1 || recomputeChainHash(r) !== r.chainHash || (i > 0 && r.previousChainHash !== records[i - 1]!.chainHash)).length;
  }
  return { lost, duplicated, misordered, brokenLinks };
}
