// The ledger's vocabulary (kinds of change, formats, statuses), read once from the API's
// `/vocabulary` — the core's registry — so the viewer never keeps a copy that could drift.
// A kind the registry does not know (a newer ledger, an older viewer) is shown by its id.
import { api, h } from './dom.js';

let vocabulary = { kinds: [], formats: [], statuses: [] };
let kindsById = new Map();

/** Loads the vocabulary; the viewer still works (with bare ids) if the API cannot answer. */
export async function loadVocabulary() {
  try {
    const answer = await api('/vocabulary');
    vocabulary = { kinds: answer.kinds ?? [], formats: answer.formats ?? [], statuses: answer.statuses ?? [] };
  } catch (error) {
    console.warn(`Redline: /vocabulary unavailable (${error.message}); showing kinds by id`);
  }
  kindsById = new Map(vocabulary.kinds.map((entry) => [entry.kind, entry]));
  return vocabulary;
}

/** Every kind the registry knows, in its order. */
export const knownKinds = () => vocabulary.kinds.map((entry) => entry.kind);

export const kindLabel = (kind) => kindsById.get(kind)?.label ?? String(kind).replace(/-/g, ' ');

export function kindBadges(kinds = []) {
  return kinds.map((kind) => {
    const entry = kindsById.get(kind);
    const substantive = entry?.substantive ? ' kind-substantive' : '';
    return h('span', { class: `badge badge-kind kind-${String(kind).replace(/[^a-z0-9-]/gi, '')}${substantive}`, title: entry?.description }, kindLabel(kind));
  });
}

/** Kinds for a filter: the registry's, then any others seen in the data. */
export function kindsFor(seen = []) {
  const known = knownKinds();
  return [...known, ...[...new Set(seen)].filter((kind) => !known.includes(kind))];
}
