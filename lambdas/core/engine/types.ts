// The shapes the redline engine produces: canonical story documents and change records.

export type RevisionFormat = 'text' | 'markdown' | 'html' | 'ninjs';

/** A revision reduced to what auditors compare: named fields and body paragraphs, normalized. */
export interface StoryDocument {
  readonly headline: string;
  readonly byline?: string;
  readonly dek?: string;
  /** Body paragraphs: NFC, single spaces, no line breaks inside a paragraph, none empty. */
  readonly body: readonly string[];
}

export type ChangeKind =
  | 'first-version'
  | 'headline'
  | 'byline'
  | 'dek'
  | 'lede'
  | 'body'
  | 'number'
  | 'quote'
  | 'update-note'
  | 'correction-note'
  | 'moved'
  | 'trivial'
  | 'rewrite'
  | 'unchanged';

export interface NumberChange {
  readonly before: string | null;
  readonly after: string | null;
  /** The sentence (after the change, or before it when removed) the figure stands in. */
  readonly context: string;
}

/** What changed between two versions, in auditors' terms. Stored on every version record. */
export interface ChangeSummary {
  readonly kinds: ChangeKind[];
  /** A substantive change with no update or correction note added or changed in the same revision. */
  readonly stealth: boolean;
  /** 0 (nothing) … 1 (everything rewritten), with the reasons that produced it. */
  readonly significance: number;
  readonly reasons: string[];
  readonly fields: string[];
  readonly numbers: NumberChange[];
  readonly sentences: { readonly added: number; readonly removed: number; readonly edited: number; readonly moved: number };
  readonly words: { readonly added: number; readonly removed: number };
}

/**
 * An exact, replayable edit script over the canonical text: applying it to the previous canonical
 * text yields the new one byte for byte. `[n]` keeps n UTF-16 code units, `[-n]` deletes n, a
 * string inserts it.
 */
export type CanonicalPatch = ReadonlyArray<number | string>;

export interface RevisionChange {
  readonly summary: ChangeSummary;
  readonly patch: CanonicalPatch;
}
