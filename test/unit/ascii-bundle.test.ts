// scripts/ascii-bundle.mjs: the Lambda bundles' regular-expression literals rewritten with \u escapes
// so each bundle is pure ASCII. The rewritten literal must match exactly what the original matched.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBundle, asciiRegExpLiteral, nonAsciiLeft } from '../../scripts/ascii-bundle.mjs';

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

describe('Script: ascii-bundle', () => {
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
    expect(asciiBundle(source)).toBe('const a = x / 2 / y, b = "—", c = /[\\u2014\\u2013]/u.test(b) ? /\\u00E9/i : /a\\/b/; export { a, b, c };');
    // The string literal is esbuild's to escape (it does: charset ascii); this script leaves it and says so.
    expect(nonAsciiLeft(asciiBundle(source))).toContain(`offset ${source.indexOf('—')} `);
    expect(nonAsciiLeft(asciiBundle('const p = /[—–]/u, q = "\\u2014";'))).toBeUndefined();
  });

  it('names a non-ASCII character it must leave alone (a String.raw template keeps its raw text)', () => {
    const source = 'const p = new RegExp(String.raw`[—–]\\s`, "u");';
    expect(asciiBundle(source, 'index.mjs')).toBe(source);
    expect(nonAsciiLeft(source, 'index.mjs')).toMatch(new RegExp(`^index\\.mjs: non-ASCII character outside a regular-expression literal at offset ${source.indexOf('—')} `));
  });
});
