// scripts/finish-bundle.mjs: the Lambda bundles' regular-expression literals rewritten with \u escapes
// (each bundle pure ASCII), at the top level, with `\p{…}`, as `new RegExp`, and with `\p{…}` and
// no `i`, under the `v` flag instead of `u`. What a rewritten literal matches must be exactly what
// the original matched.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { asciiRegExpLiteral, finishBundle, nonAsciiLeft, setsFlags } from '../../scripts/finish-bundle.mjs';

/** The RegExp a literal's source text makes (the test's own eval: the literal is data here). */
const regExpOf = (literal: string): RegExp => {
  const slash = literal.lastIndexOf('/');
  return new RegExp(literal.slice(1, slash), literal.slice(slash + 1));
};

// Literals in the shapes the engine uses: dashes and quotes in classes, accented capitals with and
// without `i`, a `…` in a sequence, an astral character with and without `u`, an identity escape.
const LITERALS = [
  String.raw`/^[\s*_\[(—–-]{0,3}update\s*(?::|—|–|\s-\s)\s*\S/iu`,
  String.raw`/^(?:[A-ZÄÖÜ][A-ZÄÖÜ.'’-]+ ){0,3}[A-ZÄÖÜ][A-ZÄÖÜ.'’-]{2,}\s?[—–]\s?/gu`,
  String.raw`/[.!?…]+["'”’»)\]]*(?= ["'“‘«(\[]?[\p{Lu}\p{N}])/gu`,
  String.raw`/mis à jour|publié|veröffentlicht/i`,
  String.raw`/[😀-😂]x|🎉+/u`,
  String.raw`/🎉+/`,
  String.raw`/a\é|\\é/`,
];
// Probe text: every character the literals mention, their case partners and neighbours, plain ASCII.
const ALPHABET = [...`—–-:_*[( )(\nupdateUPDATEÄÖÜäöüBERLIN.'’…!?"”»«“‘xaé\\😀😁😂😃🎉mis à jourpubliéveröffentlicht`];

/** Every regular-expression literal with a property escape in the engine's sources: the patterns the bundles carry. */
function enginePropertyLiterals(): { pattern: string; flags: string; where: string }[] {
  const dir = new URL('../../lambdas/core/engine/', import.meta.url).pathname;
  const found: { pattern: string; flags: string; where: string }[] = [];
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.ts'))) {
    const source = ts.createSourceFile(name, readFileSync(dir + name, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral && /\\[pP]\{/.test(node.getText(source))) {
        const text = node.getText(source);
        const slash = text.lastIndexOf('/');
        found.push({ pattern: text.slice(1, slash), flags: text.slice(slash + 1), where: `${name}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}` });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}
// Probe text for property classes: letters of several scripts and cases, marks, digits of several
// scripts, spaces, the punctuation the patterns name, astral letters and digits, lone surrogates.
const UNICODE_ALPHABET = [...`aZéÉßÄöçÇøΩωЖжדعあ漢한ǅʰ\u0301\u0345\u20DD0١٣۵७Ⅻ½²  \t\n.,:;'’"“”*_-‐—•&/()[]!?…`, '𝐀', '𝟘', '😀', '\ud800', '\udc00', ' am', 'pm', 'AM', ' PM'];

describe('Script: finish-bundle', () => {
  it('writes every non-ASCII character of a regular-expression literal as a \\u escape, astral ones as a surrogate pair', () => {
    expect(asciiRegExpLiteral('/[—–-]/u')).toBe(String.raw`/[\u2014\u2013-]/u`);
    expect(asciiRegExpLiteral('/🎉/u')).toBe(String.raw`/\uD83C\uDF89/u`);
    // `\é` is an identity escape (legal without `u`): it becomes one escape, not an escaped backslash.
    expect(asciiRegExpLiteral(String.raw`/\é\\é/`)).toBe(String.raw`/\u00E9\\\u00E9/`);
    for (const literal of LITERALS) expect(asciiRegExpLiteral(literal)).toMatch(/^[\x00-\x7f]*$/);
  });

  it('keeps what each rewritten literal matches: the same matches, groups and positions on any text', () => {
    const text = fc.array(fc.constantFrom(...ALPHABET), { maxLength: 40 }).map((characters) => characters.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...LITERALS), text, (literal, probe) => {
        const before = regExpOf(literal);
        const after = regExpOf(asciiRegExpLiteral(literal));
        expect(after.flags).toBe(before.flags);
        const matches = (pattern: RegExp) => (pattern.global ? [...probe.matchAll(pattern)] : [probe.match(pattern)]).map((m) => m && [m.index, ...m]);
        expect(matches(after)).toEqual(matches(before));
      }),
      { numRuns: 2000 },
    );
  });

  it('rewrites only regular-expression literals of a bundle: strings, division and code stay as they were', () => {
    const source = 'const a = x / 2 / y, b = "—", c = /[—–]/u.test(b) ? /é/i : /a\\/b/; export { a, b, c };';
    expect(finishBundle(source)).toBe('const a = x / 2 / y, b = "—", c = /[\\u2014\\u2013]/u.test(b) ? /\\u00E9/i : /a\\/b/; export { a, b, c };');
    // The string literal is esbuild's to escape (it does: charset ascii); this script leaves it and says so.
    expect(nonAsciiLeft(finishBundle(source))).toContain(`offset ${source.indexOf('—')} `);
    expect(nonAsciiLeft(finishBundle('const p = /[—–]/u, q = "\\u2014";'))).toBeUndefined();
  });

  it('names a non-ASCII character it must leave alone (a String.raw template keeps its raw text)', () => {
    const source = 'const p = new RegExp(String.raw`[—–]\\s`, "u");';
    expect(finishBundle(source, 'index.mjs')).toBe(source);
    expect(nonAsciiLeft(source, 'index.mjs')).toMatch(new RegExp(`^index\\.mjs: non-ASCII character outside a regular-expression literal at offset ${source.indexOf('—')} `));
  });

  it('constructs top-level literals with property escapes by new RegExp, and leaves those in functions and classes as literals', () => {
    const source = [
      'const word = /[\\p{L}\\p{N}]+/gu, dash = /—/u, plain = /ab+c/i;',
      'function letter(c) { return /\\p{L}/u.test(c); }',
      'class Names { pattern = /\\p{Lu}\\p{Ll}+/u; }',
      'const found = [..."Émile — 55 x".matchAll(word)].map((m) => [m.index, m[0]]);',
      'return [found, dash.test("a—b"), plain.test("ABBC"), letter("é"), new Names().pattern.test("Émile")];',
    ].join('\n');
    const finished = finishBundle(source);
    expect(finished.split('\n').slice(0, 3)).toEqual([
      'const word = (new RegExp("[\\\\p{L}\\\\p{N}]+","gv")), dash = /\\u2014/u, plain = /ab+c/i;',
      'function letter(c) { return /\\p{L}/v.test(c); }',
      'class Names { pattern = /\\p{Lu}\\p{Ll}+/v; }',
    ]);
    // The test's own evaluation of both versions: same results.
    const run = (code: string) => new Function(code)() as unknown;
    expect(run(finished)).toEqual(run(source));
    expect(run(source)).toEqual([[[0, 'Émile'], [8, '55'], [11, 'x']], true, true, true, true]);
  });

  it('writes a property-escape literal without the i flag under v instead of u, where the pattern is valid under v', () => {
    expect(setsFlags(String.raw`[\p{L}\p{N}]`, 'u')).toBe('v');
    expect(setsFlags(String.raw`^[^\p{L}\p{N}]*[\p{Lu}\p{N}]`, 'gu')).toBe('gv');
    // `i` changes what a complement matches under v: kept. No property escape, or no u: nothing to gain.
    expect(setsFlags(String.raw`[\p{L}\p{N}]`, 'iu')).toBe('iu');
    expect(setsFlags('[a-z]+', 'u')).toBe('u');
    expect(setsFlags(String.raw`\p{L}`, '')).toBe('');
    // An unescaped `-` last in a class is a syntax error under v: kept.
    expect(setsFlags(String.raw`[\p{L}'’-]+`, 'u')).toBe('u');
    expect(finishBundle(String.raw`function f(s) { return /[\p{L}\p{N}]/u.test(s) && /\p{L}/iu.test(s) && /[\p{L}-]/u.test(s); }`)).toBe(
      String.raw`function f(s) { return /[\p{L}\p{N}]/v.test(s) && /\p{L}/iu.test(s) && /[\p{L}-]/u.test(s); }`,
    );
  });

  it('keeps what each of the engine\'s property-escape literals matches under v: the same matches, groups and positions on any text', () => {
    const rewritten = enginePropertyLiterals().filter(({ pattern, flags }) => setsFlags(pattern, flags) !== flags);
    // The engine's shared letter-and-digit patterns and the rest; fewer means the rewrite stopped applying.
    expect(rewritten.length).toBeGreaterThanOrEqual(8);
    const text = fc.oneof(fc.array(fc.constantFrom(...UNICODE_ALPHABET), { maxLength: 30 }).map((characters) => characters.join('')), fc.string({ unit: 'binary', maxLength: 30 }));
    fc.assert(
      fc.property(fc.constantFrom(...rewritten), text, ({ pattern, flags, where }, probe) => {
        const before = new RegExp(pattern, flags);
        const after = new RegExp(pattern, setsFlags(pattern, flags));
        expect(after.unicodeSets, where).toBe(true);
        const matches = (regExp: RegExp) =>
          regExp.global ? [...probe.matchAll(regExp)].map((m) => [m.index, ...m]) : regExp.sticky ? [regExp.exec(probe)].map((m) => m && [m.index, ...m]) : [probe.match(regExp)].map((m) => m && [m.index, ...m]);
        expect(matches(after), where).toEqual(matches(before));
      }),
      { numRuns: 5000 },
    );
  });
});
