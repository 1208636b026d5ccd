// The last step of every Lambda bundle (lib/bundling.ts, afterBundling): three rewrites of
// regular-expression literals that esbuild copies as written, each cutting module init (issue 11).
//
// 1. ASCII. esbuild writes strings, template literals and identifiers ASCII-only (its default
//    `charset: 'ascii'`) but not regular-expression literals, and the engine's rules are full of
//    non-ASCII ones (`[A-ZÄÖÜ]`, `[—–-]`, `…`). One such character makes the whole file a UTF-16
//    string for Node: on Node 24 (the functions' runtime) decoding the ~570 KB ingest bundle then
//    takes its slow UTF-8 path at every cold start. Each non-ASCII character inside a literal
//    becomes a `\uXXXX` escape, which the RegExp grammar reads as the same character with or
//    without the `u` flag (characters above U+FFFF as an escaped surrogate pair: one code point
//    under `u`/`v`, two units without, as the raw character was).
// 2. Top-level literals with Unicode property escapes (`\p{L}`) become `new RegExp(pattern, flags)`.
//    V8 parses a literal's pattern once to validate it while it parses the script and again when
//    the literal creates its RegExp; a `\p{…}` class costs ~0.1 ms per parse (ICU builds and
//    canonicalizes its ranges). At the top level a literal runs exactly once, at init, and
//    `new RegExp` there makes the same object from one parse. Literals inside functions are left
//    alone (a `new RegExp` there would run at every call).
// 3. Literals with Unicode property escapes and the `u` flag but not `i` get the `v` flag instead
//    (where the pattern is also valid under `v`; `[\p{L}'-]`, with an unescaped `-` last, is not).
//    V8 builds a class such as `[\p{L}\p{N}]` through a faster path under `v` (~0.6× the parse
//    time), and every literal is parsed at init, in functions too (V8 validates them while it
//    parses the script). Without `i`, `v` matches exactly what `u` matches: it only adds syntax
//    (set operations, string properties) and changes case-insensitive complements.
// Only `.source` and `.flags`/`.unicode` (rewrite 3: `.unicodeSets` instead) differ; nothing in
// Redline reads them.
// `node scripts/finish-bundle.mjs <file>…` rewrites the files in place.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const NON_ASCII = /[^\x00-\x7f]/u;
const PROPERTY_ESCAPE = /\\[pP]\{/u;

/** The `v` flags for a `u` pattern with property escapes and no `i`, when the pattern is valid under `v` (rewrite 3); else the flags as they were. */
export function setsFlags(pattern, flags) {
  if (!PROPERTY_ESCAPE.test(pattern) || !flags.includes('u') || flags.includes('i')) return flags;
  const sets = flags.replace('u', 'v');
  try {
    new RegExp(pattern, sets);
    return sets;
  } catch {
    return flags;
  }
}

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

/** Every regular-expression literal of the source, and whether it stands at the top level (outside functions and classes). */
function regExpLiterals(sourceFile) {
  const literals = [];
  const visit = (node, nested) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) literals.push({ node, topLevel: !nested });
    else ts.forEachChild(node, (child) => visit(child, nested || ts.isFunctionLike(node) || ts.isClassLike(node)));
  };
  visit(sourceFile, false);
  return literals;
}

/** The bundle's source with the three rewrites (see the top of this file; nonAsciiLeft for what is left). */
export function finishBundle(source, file = 'bundle') {
  if (!NON_ASCII.test(source) && !PROPERTY_ESCAPE.test(source)) return source;
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let out = '';
  let last = 0;
  for (const { node, topLevel } of regExpLiterals(sourceFile)) {
    const start = node.getStart(sourceFile);
    const text = source.slice(start, node.end);
    const construct = topLevel && PROPERTY_ESCAPE.test(text);
    const ascii = asciiRegExpLiteral(text);
    const slash = ascii.lastIndexOf('/');
    const pattern = ascii.slice(1, slash);
    const written = ascii.slice(slash + 1);
    const flags = setsFlags(pattern, written);
    if (!construct && ascii === text && flags === written) continue;
    // Still a regular expression (throws on a bad rewrite, failing the build).
    new RegExp(pattern, flags);
    out += source.slice(last, start) + (construct ? `(new RegExp(${JSON.stringify(pattern)},${JSON.stringify(flags)}))` : `/${pattern}/${flags}`);
    last = node.end;
  }
  return out + source.slice(last);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of process.argv.slice(2)) {
    const source = readFileSync(file, 'utf8');
    const finished = finishBundle(source, file);
    if (finished !== source) writeFileSync(file, finished);
    const warning = nonAsciiLeft(finished, file);
    if (warning) console.warn(`redline: ${warning}`);
  }
}
