// `redline diff-files <old> <new>`: runs the redline engine on two local files, no storage involved.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { compareDocuments, normalizeRevision, renderHtml, renderInline, renderUnified, type RevisionFormat } from '../core/engine/index.ts';
import { FORMAT_BY_EXTENSION } from '../core/story-keys.ts';
import { FORMAT_CHOICES, REVISION_FORMATS } from '../core/vocabulary.ts';

export type DiffOutput = 'json' | 'inline' | 'unified' | 'html';

export interface DiffFilesOptions {
  /** A file extension (txt, md, html, json, xml, …) or a RevisionFormat; detected from the extension when absent. */
  readonly format?: string;
  /** @default 'json' */
  readonly output?: DiffOutput;
  /** ANSI colors in `inline` output. @default false */
  readonly color?: boolean;
}

export class DiffFilesUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiffFilesUsageError';
  }
}

/** What --format accepts: a file extension or a format name, both from the one format registry. */
const FORMAT_NAMES: Readonly<Record<string, RevisionFormat>> = {
  ...FORMAT_BY_EXTENSION,
  ...Object.fromEntries(REVISION_FORMATS.map((format) => [format, format])),
};
/** The --format values the help and errors name: each format's first extension. */
export { FORMAT_CHOICES };

function formatOf(path: string, given: string | undefined): RevisionFormat {
  if (given !== undefined) {
    const format = FORMAT_NAMES[given.toLowerCase()];
    if (!format) throw new DiffFilesUsageError(`unknown --format "${given}"; use ${FORMAT_CHOICES.split('|').join(', ')} (or a format name: ${REVISION_FORMATS.join(', ')})`);
    return format;
  }
  const extension = extname(path).slice(1).toLowerCase();
  const format = FORMAT_BY_EXTENSION[extension];
  if (!format) throw new DiffFilesUsageError(`cannot tell the format of "${path}" from its extension; pass --format ${FORMAT_CHOICES}`);
  return format;
}

/** Compares two story files and returns the text to print. */
export async function diffFiles(oldPath: string, newPath: string, options: DiffFilesOptions = {}): Promise<string> {
  const [oldBytes, newBytes] = await Promise.all([readFile(oldPath), readFile(newPath)]);
  const formats = { previousFormat: formatOf(oldPath, options.format), nextFormat: formatOf(newPath, options.format) };
  const previous = normalizeRevision(oldBytes, formats.previousFormat);
  const next = normalizeRevision(newBytes, formats.nextFormat);
  const output = options.output ?? 'json';
  switch (output) {
    case 'json': {
      const { summary, patch } = compareDocuments(previous, next, formats);
      const { kinds, stealth, significance, reasons, numbers, sentences, words, fields, ...rest } = summary;
      return `${JSON.stringify({ kinds, stealth, significance, reasons, numbers, sentences, words, fields, ...rest, patchBytes: Buffer.byteLength(JSON.stringify(patch)) }, null, 2)}\n`;
    }
    case 'inline': {
      const { summary } = compareDocuments(previous, next, formats);
      const header = `${summary.kinds.join(', ')}${summary.stealth ? ' — STEALTH' : ''} (significance ${summary.significance})`;
      return `${header}\n\n${renderInline(previous, next, { color: options.color ?? false })}`;
    }
    case 'unified':
      return renderUnified(previous, next, { fromLabel: oldPath, toLabel: newPath });
    case 'html':
      return renderHtml(previous, next, { layout: 'inline' });
    default:
      throw new DiffFilesUsageError(`unknown --output "${String(output)}"; use json, inline, unified or html`);
  }
}
