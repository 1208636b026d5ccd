// Judgement as data: each rule names a kind of change, when it applies to a revision's facts,
// whether it makes the revision substantive, its weight in the significance score, and the reason
// it gives. One stealth predicate: substantive, and no note added or reworded in this revision.
import { CHANGE_KINDS, CHANGE_KIND_REGISTRY, type ChangeKind } from '../vocabulary.ts';
import type { RevisionFacts } from './facts.ts';
import type { ChangeSummary, NoteChange } from './types.ts';

export interface Rule {
  readonly kind: ChangeKind;
  readonly when: (facts: RevisionFacts) => boolean;
  /** Substantive when this holds; defaults to the registry's `substantive` for the kind. */
  readonly substantive?: (facts: RevisionFacts) => boolean;
  /** 0 … 1: the revision's significance is at least the weight of every rule that applies. */
  readonly weight: number | ((facts: RevisionFacts) => number);
  readonly reason: (facts: RevisionFacts) => string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const disclosing = (facts: RevisionFacts, kinds: readonly NoteChange['kind'][]) => facts.notes.filter((note) => note.op !== 'removed' && kinds.includes(note.kind));
const quoted = (text: string | undefined) => `"${(text ?? '').slice(0, 60)}${(text ?? '').length > 60 ? '…' : ''}"`;

/** The rules, in no particular order: kinds are listed in the registry's order. */
export const RULES: readonly Rule[] = [
  {
    kind: 'number',
    when: (f) => f.figures.length > 0,
    weight: 0.45,
    reason: (f) => {
      const shown = f.figures.slice(0, 3).map((n) => `${n.before ?? '∅'} → ${n.after ?? '∅'}`);
      return `figure${f.figures.length > 1 ? 's' : ''} changed: ${shown.join(', ')}${f.figures.length > 3 ? ', …' : ''}`;
    },
  },
  {
    kind: 'quote',
    when: (f) => f.quotes.length > 0,
    weight: 0.4,
    reason: (f) => {
      const first = f.quotes[0];
      const what = first?.op === 'speaker' ? 'the speaker of a quote changed' : `a quote was ${first?.op}: ${quoted(first?.after ?? first?.before)}`;
      return f.quotes.length > 1 ? `${what} (and ${plural(f.quotes.length - 1, 'other quote change')})` : what;
    },
  },
  {
    kind: 'note-removed',
    when: (f) => f.notes.some((note) => note.op === 'removed'),
    weight: 0.45,
    reason: (f) => `a note was removed: ${quoted(f.notes.find((note) => note.op === 'removed')?.text)}`,
  },
  {
    kind: 'headline',
    when: (f) => f.headline !== undefined && f.headline !== 'trivial',
    substantive: (f) => f.headline === 'figure' || f.headline === 'rewrite',
    weight: (f) => (f.headline === 'style' ? 0.08 : 0.4),
    reason: (f) => (f.headline === 'style' ? 'headline reworded (same meaning)' : f.headline === 'figure' ? 'a figure in the headline changed' : 'headline rewritten'),
  },
  {
    kind: 'rewrite',
    // Half the words moved about without new content (a headline's halves swapped) is no rewrite.
    when: (f) => f.share >= 0.5 && (f.content > 0 || f.headline === 'rewrite'),
    weight: 0.8,
    reason: (f) => `${Math.round(f.share * 100)} % of the words changed`,
  },
  {
    kind: 'content',
    when: (f) => f.content > 0,
    weight: (f) => 0.3 + Math.min(0.3, f.share),
    reason: (f) => `${plural(f.content, 'sentence')} added, removed or reworded`,
  },
  {
    kind: 'correction-note',
    when: (f) => disclosing(f, ['correction', 'clarification']).length > 0,
    weight: 0.35,
    reason: (f) => `correction ${disclosing(f, ['correction', 'clarification'])[0]?.op}: ${quoted(disclosing(f, ['correction', 'clarification'])[0]?.text)}`,
  },
  {
    kind: 'update-note',
    when: (f) => disclosing(f, ['update', 'editors-note']).length > 0,
    weight: 0.15,
    reason: (f) => `update note ${disclosing(f, ['update', 'editors-note'])[0]?.op}: ${quoted(disclosing(f, ['update', 'editors-note'])[0]?.text)}`,
  },
  { kind: 'lede', when: (f) => f.ledeTouched, weight: 0, reason: () => 'the lede changed' },
  { kind: 'body', when: (f) => f.bodyTouched, weight: 0, reason: () => 'the body changed' },
  {
    kind: 'byline',
    when: (f) => f.bylineChanged,
    // Who the story is credited to is part of the record: a name replaced or dropped is substantive; a name added is not.
    substantive: (f) => f.bylineNamesChanged,
    weight: (f) => (f.bylineNamesChanged ? 0.2 : 0.05),
    reason: (f) => (f.bylineNamesChanged ? 'a name credited in the byline was added, replaced or removed' : 'the byline changed'),
  },
  { kind: 'dek', when: (f) => f.dekChanged, weight: 0, reason: () => 'the dek changed' },
  { kind: 'moved', when: (f) => f.moved > 0, weight: 0.1, reason: (f) => `${plural(f.moved, 'sentence')} moved` },
  {
    kind: 'style',
    when: (f) => f.style > 0 || f.restyledFigures > 0,
    weight: 0.08,
    reason: (f) => (f.restyledFigures > 0 ? `${plural(f.restyledFigures, 'figure')} written differently, same value` : `${plural(f.style, 'sentence')} reworded without a change of meaning`),
  },
  { kind: 'spelling', when: (f) => f.spelling > 0, weight: 0.05, reason: (f) => (f.spelling === 1 ? 'a spelling fix' : `${f.spelling} spelling fixes`) },
  { kind: 'caption', when: (f) => f.captions, weight: 0.03, reason: () => 'a caption or credit changed (page furniture)' },
  { kind: 'furniture', when: (f) => f.furniture, weight: 0.03, reason: () => 'page furniture changed' },
];

/** Applies when no other rule did: only formatting, or only the version timestamp. */
const FALLBACK_RULES: readonly Rule[] = [
  { kind: 'timestamp', when: (f) => f.timestamp && f.trivial === 0 && !f.layoutChanged, weight: 0.01, reason: () => 'only the version timestamp changed' },
  {
    kind: 'trivial',
    when: () => true,
    weight: 0.02,
    reason: (f) => (f.layoutChanged && f.trivial === 0 ? 'only paragraph breaks changed' : 'only case, punctuation, quote style or spacing changed'),
  },
];

const STEALTH_BONUS = 0.15;

const weightOf = (rule: Rule, facts: RevisionFacts) => (typeof rule.weight === 'number' ? rule.weight : rule.weight(facts));
const substantiveBy = (rule: Rule, facts: RevisionFacts) => (rule.substantive ? rule.substantive(facts) : CHANGE_KIND_REGISTRY[rule.kind].substantive);

/** The stealth predicate: a substantive change that no note added or reworded in this revision discloses. */
export function isStealth(substantive: boolean, facts: RevisionFacts): boolean {
  return substantive && !facts.notes.some((note) => note.op !== 'removed');
}

/** Applies the rules to a revision's facts: kinds, stealth, significance and reasons. */
export function judge(facts: RevisionFacts): Pick<ChangeSummary, 'kinds' | 'stealth' | 'substantive' | 'significance' | 'reasons' | 'explainedBy'> {
  let applied = RULES.filter((rule) => rule.when(facts));
  if (applied.length === 0) applied = [FALLBACK_RULES.find((rule) => rule.when(facts)) as Rule];
  const substantiveRules = applied.filter((rule) => substantiveBy(rule, facts));
  const stealth = isStealth(substantiveRules.length > 0, facts);
  const reasons = applied.filter((rule) => weightOf(rule, facts) > 0).map((rule) => rule.reason(facts));
  if (facts.figuresSkipped) reasons.push('rewrite too large to list the figures of added, removed and replaced sentences; word-level edits, headline and dek are listed');
  if (facts.formatChanged) reasons.push('the upload format changed: compared field by field; fields only one format carries were left out');
  if (stealth) reasons.push(`stealth: ${substantiveRules.map((rule) => rule.reason(facts)).join('; ')}; with no update or correction note added or reworded`);
  let significance = Math.max(...applied.map((rule) => weightOf(rule, facts)));
  if (stealth) significance += STEALTH_BONUS;
  const kinds = new Set(applied.map((rule) => rule.kind));
  const explainedBy = facts.notes.find((note) => note.op !== 'removed')?.text;
  return {
    kinds: CHANGE_KINDS.filter((kind) => kinds.has(kind)),
    stealth,
    substantive: substantiveRules.length > 0,
    significance: Math.round(Math.min(1, Math.max(0, significance)) * 100) / 100,
    reasons,
    ...(explainedBy !== undefined && substantiveRules.length > 0 ? { explainedBy } : {}),
  };
}
