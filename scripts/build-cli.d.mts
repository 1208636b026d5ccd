export declare const CLI_OUT_DIR: string;
/** Builds the CLI into dist/cli/; resolves to esbuild's metafile, or undefined when esbuild is not installed. */
export declare function buildCli(): Promise<{ inputs: Record<string, unknown>; outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; entryPoint?: string }> } | undefined>;
