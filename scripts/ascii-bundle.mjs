// Makes a Lambda bundle pure ASCII. esbuild writes strings, template literals and identifiers
// ASCII-only (its default `charset: 'ascii'`) but copies regular-expression literals as written,
// and the engine's rules are full of them (`[A-ZÄÖÜ]`, `[—–-]`, `…`). One non-ASCII character
// makes the whole file a UTF-16 string for Node: on Node 24 (the functions' runtime) decoding the
// ~570 KB ingest bundle then takes its slow UTF-8 path at every cold start. This rewrites each
// non-ASCII character inside a regular-expression literal as a `\uXXXX` escape, which the
// RegExp grammar reads as the same character with or without the `u` flag (characters above
// U+FFFF as an escaped surrogate pair: one code point under `u`/`v`, two units without, as the
// raw character was). Only `.source` spells it differently; nothing in Redline reads it.
// Run by every function's afterBundling hook (lib/bundling.ts): `node scripts/ascii-bundle.mjs <file>…`.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const NON_ASCII = /[^\x00-\x7f]/u;

/** `\uXXXX` for one UTF-16 unit. */
const unitEscape = (unit) => `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;

/** A regular-expression literal (`/…/flags`) with every non-ASCII character escaped. */
export function asciiRegExpLiteral(literal) {
  let out = '';
  let backslashes = 0;
  for (const character of literal) {
    if (!NON_ASCII.test(character)) {
      out += character;
      backslashes = character === '\\' ? backslashes + 1 : 0;
      continue;
    }
    // `\é` (an identity escape, legal without `u`) is `é` itself: drop the backslash, keep one escape.
    if (backslashes % 2 === 1) out = out.slice(0, -1);
    const code = character.codePointAt(0);
    out += code > 0xffff ? unitEscape(character.charCodeAt(0)) + unitEscape(character.charCodeAt(1)) : unitEscape(code);
    backslashes = 0;
  }
  return out;
}

/**
 * Where a non-ASCII character is left outside every regular-expression literal (a tagged template
 * such as String.raw keeps its raw text, a comment): a warning, not a build failure — the bundle
 * still runs, it only starts slower. test/infra/bundled-ingest.test.ts fails on it.
 */
export function nonAsciiLeft(source, file = 'bundle') {
  const left = NON_ASCII.exec(source);
  if (!left) return undefined;
  const excerpt = source.slice(Math.max(0, left.index - 40), left.index + 40);
  return (
    `${file}: non-ASCII character outside a regular-expression literal at offset ${left.index} (…${excerpt}…). ` +
    'Write it as a \\u escape in the source (in a String.raw pattern, RegExp reads \\u2014 as the dash): ' +
    'a non-ASCII bundle is decoded as UTF-16 at every cold start.'
  );
}

/** The source with every regular-expression literal made ASCII (see nonAsciiLeft for anything else). */
export function asciiBundle(source, file = 'bundle') {
  if (!NON_ASCII.test(source)) return source;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const literals = [];
  const visit = (node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) literals.push(node);
    else ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  let out = '';
  let last = 0;
  for (const node of literals) {
    const start = node.getStart(sourceFile);
    const text = source.slice(start, node.end);
    if (!NON_ASCII.test(text)) continue;
    const escaped = asciiRegExpLiteral(text);
    const slash = escaped.lastIndexOf('/');
    // The escaped literal must still be a regular expression with the same flags.
    new RegExp(escaped.slice(1, slash), escaped.slice(slash + 1));
    out += source.slice(last, start) + escaped;
    last = node.end;
  }
  return out + source.slice(last);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) {
    const source = readFileSync(file, 'utf8');
    const ascii = asciiBundle(source, file);
    if (ascii !== source) writeFileSync(file, ascii);
    const warning = nonAsciiLeft(ascii, file);
    if (warning) console.warn(`redline: ${warning}`);
  }
}
