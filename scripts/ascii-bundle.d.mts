/** A regular-expression literal (`/…/flags`) with every non-ASCII character written as a `\uXXXX` escape. */
export declare function asciiRegExpLiteral(literal: string): string;
/** The bundle's source with every regular-expression literal made ASCII (see nonAsciiLeft for anything else). */
export declare function asciiBundle(source: string, file?: string): string;
/** A message naming the first non-ASCII character left in the source, or undefined when it is ASCII. */
export declare function nonAsciiLeft(source: string, file?: string): string | undefined;
