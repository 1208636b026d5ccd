// The shapes the redline engine produces: canonical story documents and change records.

import type { ChangeKind, RevisionFormat } from '../vocabulary.ts';

export type { ChangeKind, RevisionFormat };

/** A revision reduced to what auditors compare: named fields and body paragraphs, normalized. */
export interface StoryDocument {
  readonly headline: string;
  readonly byline?: string;
  readonly dek?: string;
  /** When the publisher says this version was created (ninjs `versioncreated`), as given. */
  readonly updated?: string;
  /**
   * Notes the publisher gave as structured metadata rather than as story text (ninjs, schema.org
   * `correction` / CorrectionComment, NewsML-G2 `edNote`), each normalized like a paragraph.
   */
  readonly notes?: readonly string[];
  /** Photo and video captions and image credits: page furniture, never lede or body. */
  readonly captions?: readonly string[];
  /** Other page and feed furniture: read-more counters, share and comment counts, related links, newsletter boxes. */
  readonly furniture?: readonly string[];
  /** Body paragraphs: NFC, single spaces, no line breaks inside a paragraph, none empty. */
  readonly body: readonly string[];
}


/** One sentence-level operation, as kept on the change record (texts shortened, list capped). */
export interface SentenceOperation {
  readonly op: 'added' | 'removed' | 'edited' | 'moved';
  /** `body`, or the field the sentence belongs to (`headline`, `byline`, `dek`). */
  readonly field: string;
  /** Paragraph index in the new version (in the previous one for `removed`). */
  readonly paragraph: number;
  readonly before?: string;
  readonly after?: string;
}

/** A figure whose value changed, as written on each side (null: no counterpart on that side). */
export interface NumberChange {
  readonly before: string | null;
  readonly after: string | null;
  /** The sentence (after the change, or before it when removed) the figure stands in. */
  readonly context: string;
  /** The values read from the text (1,250 and 1.250 in German are both 1250). */
  readonly beforeValue?: number | null;
  readonly afterValue?: number | null;
  /** `headline`, `dek` or `body`. */
  readonly field?: string;
}

/** A change to quoted speech. */
export interface QuoteChange {
  readonly op: 'added' | 'removed' | 'edited' | 'speaker';
  readonly before?: string;
  readonly after?: string;
}

/** A note's lifecycle step in this revision. Only `added` and `reworded` explain a revision. */
export interface NoteChange {
  readonly op: 'added' | 'reworded' | 'removed';
  readonly kind: 'update' | 'correction' | 'clarification' | 'editors-note';
  readonly text: string;
  /** The note's earlier wording (reworded). */
  readonly before?: string;
}

/** How a headline changed: only `figure` and `rewrite` are substantive. */
export type HeadlineChange = 'trivial' | 'style' | 'figure' | 'rewrite';

/** What changed between two versions, in auditors' terms. Stored on every version record. */
export interface ChangeSummary {
  readonly kinds: ChangeKind[];
  /** A substantive change with no update or correction note added or reworded in the same revision. */
  readonly stealth: boolean;
  /** The revision changed what the story says (a figure, a quote, a sentence's meaning, the headline's meaning, a removed note). */
  readonly substantive?: boolean;
  /** The note (added or reworded in this revision) that discloses it, when there is one. */
  readonly explainedBy?: string;
  readonly notes?: NoteChange[];
  readonly quotes?: QuoteChange[];
  readonly headlineChange?: HeadlineChange;
  /** The two versions were uploaded in different formats: compared field by field, fields one format cannot carry left out. */
  readonly formatChanged?: boolean;
  /** 0 (nothing) … 1 (everything rewritten), with the reasons that produced it. */
  readonly significance: number;
  readonly reasons: string[];
  readonly fields: string[];
  readonly numbers: NumberChange[];
  readonly sentences: { readonly added: number; readonly removed: number; readonly edited: number; readonly moved: number };
  readonly words: { readonly added: number; readonly removed: number };
  /** Paragraph-level counts; a paragraph is moved when all its sentences moved together. */
  readonly paragraphs?: { readonly added: number; readonly removed: number; readonly moved: number };
  /** The first sentence operations, for history views (capped; see operationsOmitted). */
  readonly operations?: SentenceOperation[];
  /** How many operations were left off `operations`. */
  readonly operationsOmitted?: number;
}

/**
 * An exact, replayable edit script over the canonical text: applying it to the previous canonical
 * text yields the new one byte for byte. A positive number n keeps n UTF-16 code units, a negative
 * one deletes -n, a string inserts it. Kept runs between edits are not spelled out, so the script
 * grows with the edit, not with the story.
 */
export type CanonicalPatch = ReadonlyArray<number | string>;

export interface RevisionChange {
  readonly summary: ChangeSummary;
  readonly patch: CanonicalPatch;
}
