// Typed errors of the pure core. Callers branch on `instanceof`, never on `name` strings.

/** An upload that Redline cannot turn into a story document; recorded as a `rejected` version. */
export class RevisionRejectedError extends Error {
  constructor(
    /** Stable machine-readable reason, e.g. `empty`, `binary`, `invalid-utf8`, `too-large`. */
    readonly code: RejectionCode,
    message: string,
  ) {
    super(message);
    this.name = 'RevisionRejectedError';
  }
}

export type { RejectionCode } from './vocabulary.ts';
import type { RejectionCode } from './vocabulary.ts';

/**
 * A comparison needs more than the engine's work budget (core/engine/compare.ts: characters of both
 * canonical texts; the engine's super-linear steps are capped, so even degraded its work grows with
 * them). Thrown before any work is spent; ingest records the revision as `rejected` with code
 * `too-slow` so the story moves on.
 */
export class WorkBudgetExceededError extends Error {
  constructor(
    /** Units of work the engine was allowed for this comparison. */
    readonly budget: number,
    message = `the comparison needed more than its work budget of ${budget} units`,
  ) {
    super(message);
    this.name = 'WorkBudgetExceededError';
  }
}

/** An event payload that is not any S3 notification shape Redline understands. */
export class UnrecognizedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnrecognizedEventError';
  }
}

/** Another writer recorded the version number this writer tried to take; re-plan and retry. */
export class VersionConflictError extends Error {
  constructor(
    readonly storyId: string,
    readonly version: number,
  ) {
    super(`version ${version} of story "${storyId}" was recorded by another writer`);
    this.name = 'VersionConflictError';
  }
}

/** A pagination cursor the store did not issue for this question (edited, or from elsewhere). */
export class InvalidCursorError extends Error {
  constructor() {
    super('the pagination cursor is not one Redline issued');
    this.name = 'InvalidCursorError';
  }
}

/** Another integrator holds the transparency log's lease (or committed first); try again later. */
export class LogBusyError extends Error {
  constructor(detail: string) {
    super(`the transparency log is being integrated by another writer: ${detail}`);
    this.name = 'LogBusyError';
  }
}
