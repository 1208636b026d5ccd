/** A regular-expression literal (`/…/flags`) with every non-ASCII character written as a `\uXXXX` escape. */
export declare function asciiRegExpLiteral(literal: string): string;
/** The bundle's source with its regular-expression literals made ASCII and its top-level `\p{…}` literals constructed by `new RegExp`. */
export declare function finishBundle(source: string, file?: string): string;
/** A message naming the first non-ASCII character left in the source, or undefined when it is ASCII. */
export declare function nonAsciiLeft(source: string, file?: string): string | undefined;
/** The `v` flags for a `u` pattern with property escapes and no `i` flag, when the pattern is valid under `v`; otherwise the flags given. */
export declare function setsFlags(pattern: string, flags: string): string;
