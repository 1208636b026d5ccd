// Reads the evaluation corpus: one folder per revision pair holding before.<ext>, after.<ext> and
// pair.json with labels set by reading the texts (see test/eval/README.md for the labelling guide).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_BY_EXTENSION, type RevisionFormat } from '../../lambdas/core/vocabulary.ts';

export interface FigureLabel {
  readonly before: number | null;
  readonly after: number | null;
  readonly context?: string;
}

export interface PairLabels {
  readonly substantive: boolean;
  readonly stealth: boolean;
  readonly figures: readonly FigureLabel[];
  readonly quoteChanged: boolean;
  readonly noteAdded: boolean;
  readonly noteRemoved: boolean;
  readonly moved: boolean;
  readonly furnitureOnly: boolean;
  readonly headline?: 'none' | 'trivial' | 'style' | 'figure' | 'rewrite';
}

export interface LabelledPair {
  readonly id: string;
  readonly source: string;
  readonly language: string;
  readonly dir: string;
  readonly before: { readonly bytes: Uint8Array; readonly format: RevisionFormat | undefined };
  readonly after: { readonly bytes: Uint8Array; readonly format: RevisionFormat | undefined };
  readonly labels: PairLabels;
}

/** The folder with openly licensed pairs that ships in the repository. */
export const IN_REPO_CORPUS = new URL('./corpus/', import.meta.url).pathname;

/** Corpus roots: the in-repo corpus and any folders named in REDLINE_EVAL_CORPUS (colon-separated). */
export function corpusRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  const extra = (env.REDLINE_EVAL_CORPUS ?? '').split(':').filter((root) => root !== '');
  return [IN_REPO_CORPUS, ...extra].filter((root) => existsSync(root));
}

function revision(dir: string, name: 'before' | 'after') {
  const file = readdirSync(dir).find((entry) => entry.startsWith(`${name}.`));
  if (!file) throw new Error(`${dir}: no ${name}.<ext> file`);
  const extension = file.slice(name.length + 1).toLowerCase();
  return { bytes: new Uint8Array(readFileSync(join(dir, file))), format: FORMAT_BY_EXTENSION[extension] };
}

/** Every labelled pair under the roots (folders holding a pair.json), sorted by id. */
export function loadCorpus(roots: readonly string[]): LabelledPair[] {
  const pairs: LabelledPair[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir);
    if (entries.includes('pair.json')) {
      const meta = JSON.parse(readFileSync(join(dir, 'pair.json'), 'utf8')) as { id: string; source: string; language: string; labels: PairLabels };
      pairs.push({ id: meta.id, source: meta.source, language: meta.language, dir, before: revision(dir, 'before'), after: revision(dir, 'after'), labels: meta.labels });
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('_') || entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
    }
  };
  for (const root of roots) walk(root);
  return pairs.sort((a, b) => a.id.localeCompare(b.id));
}
