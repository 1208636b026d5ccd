// Human output of verification results.
import type { StoryVerification } from '../app/verify.ts';

export function formatVerification(result: StoryVerification): string {
  if (result.ok) return `OK      ${result.storyId}: ${result.versions} version${result.versions === 1 ? '' : 's'}, head ${result.headChainHash}`;
  const problem = result.firstProblem!;
  return `FAILED  ${result.storyId}: version ${problem.version} does not verify (${problem.kind}): ${problem.detail}`;
}
