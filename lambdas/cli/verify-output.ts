// Human output of verification results.
import type { StoryVerification } from '../app/verify.ts';
import type { LogAudit, StoryLogCheck } from '../app/transparency-log.ts';

export function formatVerification(result: StoryVerification): string {
  if (result.ok) return `OK      ${result.storyId}: ${result.versions} version${result.versions === 1 ? '' : 's'}, head ${result.headChainHash}`;
  const problem = result.firstProblem!;
  return `FAILED  ${result.storyId}: version ${problem.version} does not verify (${problem.kind}): ${problem.detail}`;
}

export function formatLogVerification(result: StoryVerification & { readonly log: StoryLogCheck }): string {
  const line = formatVerification(result);
  if (!result.ok) return line;
  return `${line}\n        in the log: ${result.log.logged} version${result.log.logged === 1 ? '' : 's'} proven against the checkpoint of ${result.log.size} leaves (root ${result.log.rootHash})${result.log.pending ? `, ${result.log.pending} pending integration` : ''}`;
}

export function formatLogAudit(audit: LogAudit): string {
  if (audit.problems.length === 0) return `OK      log: ${audit.leavesChecked} of ${audit.size} leaves are version records the ledger still has; the stored tree hashes to the signed root ${audit.rootHash}`;
  return audit.problems.map((p) => `FAILED  log (${p.kind}): ${p.detail}`).join('\n');
}
