// Configuration read once from the environment, with the names the CDK stack and the CLI set.
import { DEFAULT_STORY_PREFIX, REVISION_FORMATS } from './core/story-keys.ts';
import type { RevisionFormat } from './core/engine/types.ts';
import { DEFAULT_MAX_REVISION_BYTES } from './core/engine/normalize.ts';
import { DEFAULT_WORK_BUDGET } from './core/engine/compare.ts';
import type { IngestConfig } from './app/ingest.ts';

export class MissingConfigurationError extends Error {
  constructor(name: string) {
    super(`environment variable ${name} is required`);
    this.name = 'MissingConfigurationError';
  }
}

export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new MissingConfigurationError(name);
  return value;
}

function positiveInteger(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`environment variable ${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** DynamoDB items are capped at 400 KB; keep patches well below so the record always fits. */
export const DEFAULT_MAX_INLINE_PATCH_BYTES = 64 * 1024;

function acceptedFormats(env: NodeJS.ProcessEnv): { acceptedFormats?: RevisionFormat[] } {
  const raw = env.REDLINE_ACCEPTED_FORMATS;
  if (!raw) return {};
  const formats = raw.split(',').map((format) => format.trim());
  const unknown = formats.filter((format) => !(REVISION_FORMATS as readonly string[]).includes(format));
  if (unknown.length > 0) throw new Error(`environment variable REDLINE_ACCEPTED_FORMATS names unknown format "${unknown[0]}" (known: ${REVISION_FORMATS.join(', ')})`);
  return { acceptedFormats: formats as RevisionFormat[] };
}

export function ingestConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  return {
    ...acceptedFormats(env),
    storyPrefix: env.REDLINE_STORY_PREFIX || DEFAULT_STORY_PREFIX,
    maxRevisionBytes: positiveInteger('REDLINE_MAX_REVISION_BYTES', DEFAULT_MAX_REVISION_BYTES, env),
    maxInlinePatchBytes: positiveInteger('REDLINE_MAX_INLINE_PATCH_BYTES', DEFAULT_MAX_INLINE_PATCH_BYTES, env),
    workBudget: positiveInteger('REDLINE_WORK_BUDGET', DEFAULT_WORK_BUDGET, env),
  };
}
