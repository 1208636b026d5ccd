// Loads the engine fixtures: the Port Aldwin story (7 revisions × 4 formats) and the demo story.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { normalizeRevision, type RevisionFormat, type StoryDocument } from '../../../lambdas/core/engine/index.ts';
import { RevisionRejectedError } from '../../../lambdas/core/errors.ts';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/engine/', import.meta.url));
export const DEMO = fileURLToPath(new URL('../../../lambdas/local/demo/', import.meta.url));

export const FIXTURE_FORMATS: Readonly<Record<string, RevisionFormat>> = { txt: 'text', md: 'markdown', html: 'html', json: 'ninjs' };

export function fixtureBytes(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

export function portAldwin(version: number, extension: string): StoryDocument {
  return normalizeRevision(fixtureBytes(`port-aldwin/v${version}.${extension}`), FIXTURE_FORMATS[extension]);
}

export function demoVersion(version: number): StoryDocument {
  return normalizeRevision(readFileSync(`${DEMO}${version}.md`), 'markdown');
}

export const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The RevisionRejectedError `run` throws; fails the test when it returns or throws anything else. */
export function rejection(run: () => unknown): RevisionRejectedError {
  try {
    run();
  } catch (error) {
    if (error instanceof RevisionRejectedError) return error;
    throw error;
  }
  throw new Error('expected a RevisionRejectedError');
}
