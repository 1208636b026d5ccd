// `redline diff --output side-by-side`: the redline as two text columns (before | after) sized to
// the terminal. The rows and marks come from the engine's side-by-side HTML, read with htmlparser2,
// so the terminal shows exactly the paragraphs and changes the viewer shows.
import { Parser } from 'htmlparser2';

type Mark = 'same' | 'del' | 'ins' | 'moved';

interface Piece {
  readonly text: string;
  readonly mark: Mark;
}

/** One row of the table: the before cell's and the after cell's marked text. */
type Row = [Piece[], Piece[]];

const ANSI: Record<Exclude<Mark, 'same'>, string> = { del: '\u001b[31;9m', ins: '\u001b[32m', moved: '\u001b[36m' };
const RESET = '\u001b[0m';
const PLAIN: Record<Exclude<Mark, 'same'>, [string, string]> = { del: ['[-', '-]'], ins: ['{+', '+}'], moved: ['[↕ ', ']'] };
const GUTTER = ' │ ';

/** Reads the engine's `<table class="rl-side-by-side">` into rows of marked pieces. */
export function rowsOfSideBySideHtml(html: string): Row[] {
  const rows: Row[] = [];
  let cell: Piece[] | undefined;
  const marks: Mark[] = [];
  let blocks = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const classes = (attributes.class ?? '').split(/\s+/);
        if (name === 'tr') rows.push([[], []]);
        else if (name === 'td') cell = rows.at(-1)?.[classes.includes('rl-after') ? 1 : 0];
        else if (name === 'del' || name === 'ins') marks.push(classes.includes('rl-moved') ? 'moved' : name);
        else if ((name === 'p' || name === 'h1') && cell && blocks++ > 0) cell.push({ text: ' ', mark: 'same' });
      },
      ontext(text) {
        if (cell) cell.push({ text, mark: marks.at(-1) ?? 'same' });
      },
      onclosetag(name) {
        if (name === 'td') {
          cell = undefined;
          blocks = 0;
        } else if (name === 'del' || name === 'ins') marks.pop();
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  // The header row (<th>) carries no cells.
  return rows.filter(([before, after]) => before.length > 0 || after.length > 0);
}

/** A word: one or more runs of marked text with no space between them. */
interface Word {
  readonly runs: Piece[];
  readonly length: number;
}

/** Splits marked pieces into words; without colour, each marked stretch is bracketed as `[-…-]` / `{+…+}`. */
function words(cell: Piece[], color: boolean): Word[] {
  // Adjacent pieces with one mark (the engine marks quotes and sentences separately) are one stretch,
  // also across the space between them.
  const pieces: Piece[] = [];
  cell.forEach((piece, i) => {
    const last = pieces.at(-1);
    const bridge = piece.mark === 'same' && /^\s+$/.test(piece.text) && last && last.mark !== 'same' && cell[i + 1]?.mark === last.mark;
    if (last && (last.mark === piece.mark || bridge)) pieces[pieces.length - 1] = { text: last.text + piece.text, mark: last.mark };
    else pieces.push(piece);
  });
  const marked = color
    ? pieces
    : pieces.map((piece) => {
        if (piece.mark === 'same') return piece;
        const [, lead, core, trail] = /^(\s*)([\s\S]*?)(\s*)$/.exec(piece.text)!;
        return { text: `${lead}${PLAIN[piece.mark][0]}${core}${PLAIN[piece.mark][1]}${trail}`, mark: 'same' as Mark };
      });
  const out: Word[] = [];
  let runs: Piece[] = [];
  const finish = () => {
    if (runs.length) out.push({ runs, length: runs.reduce((sum, run) => sum + [...run.text].length, 0) });
    runs = [];
  };
  for (const piece of marked) {
    for (const char of piece.text) {
      if (/\s/.test(char)) {
        finish();
        continue;
      }
      const last = runs.at(-1);
      if (last && last.mark === piece.mark) runs[runs.length - 1] = { text: last.text + char, mark: piece.mark };
      else runs.push({ text: char, mark: piece.mark });
    }
  }
  finish();
  return out;
}

/** A word longer than a column, in column-wide pieces (nothing of the text is dropped). */
function cut(word: Word, width: number): Word[] {
  const chunks: Word[] = [];
  let runs: Piece[] = [];
  let length = 0;
  for (const run of word.runs) {
    for (const char of run.text) {
      if (length === width) {
        chunks.push({ runs, length });
        runs = [];
        length = 0;
      }
      const last = runs.at(-1);
      if (last && last.mark === run.mark) runs[runs.length - 1] = { text: last.text + char, mark: run.mark };
      else runs.push({ text: char, mark: run.mark });
      length++;
    }
  }
  if (runs.length) chunks.push({ runs, length });
  return chunks;
}

/** Wraps words into lines of at most `width` visible characters. */
function wrap(list: Word[], width: number): Word[][] {
  const lines: Word[][] = [];
  let line: Word[] = [];
  let length = 0;
  for (const word of list.flatMap((w) => (w.length > width ? cut(w, width) : [w]))) {
    if (line.length && length + 1 + word.length > width) {
      lines.push(line);
      line = [];
      length = 0;
    }
    length += (line.length ? 1 : 0) + word.length;
    line.push(word);
  }
  if (line.length) lines.push(line);
  return lines;
}

function show(line: Word[] | undefined, width: number, color: boolean): string {
  if (!line) return ' '.repeat(width);
  const visible = line.map((word) => word.runs.map((run) => run.text).join('')).join(' ');
  const text = color
    ? line.map((word) => word.runs.map((run) => (run.mark === 'same' ? run.text : `${ANSI[run.mark]}${run.text}${RESET}`)).join('')).join(' ')
    : visible;
  return text + ' '.repeat(Math.max(0, width - [...visible].length));
}

export interface SideBySideOptions {
  /** Terminal width in columns. @default 100 */
  readonly width?: number;
  readonly color?: boolean;
  /** Column headings. */
  readonly labels?: [string, string];
}

/** Two columns, before | after, each (width − 3) / 2 wide; a rule between paragraphs. */
export function formatSideBySide(html: string, options: SideBySideOptions = {}): string {
  const width = Math.max(40, options.width ?? 100);
  const column = Math.floor((width - GUTTER.length) / 2);
  const color = options.color ?? false;
  const [left, right] = options.labels ?? ['Before', 'After'];
  const heading = (text: string) => text.slice(0, column).padEnd(column);
  const out = [`${heading(left)}${GUTTER}${right.slice(0, column)}`, `${'─'.repeat(column)}─┼─${'─'.repeat(column)}`];
  for (const [before, after] of rowsOfSideBySideHtml(html)) {
    const a = wrap(words(before, color), column);
    const b = wrap(words(after, color), column);
    for (let i = 0; i < Math.max(a.length, b.length, 1); i++) out.push(`${show(a[i], column, color)}${GUTTER}${show(b[i], column, color)}`.trimEnd());
    out.push(`${' '.repeat(column)}${GUTTER}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** Plain lines wrapped at `width` (for the heading printed above the columns). */
export function wrapPlain(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => wrap(words([{ text: line, mark: 'same' }], false), width).map((words) => words.map((word) => word.runs[0]!.text).join(' ')).join('\n'))
    .join('\n');
}
