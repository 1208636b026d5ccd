// How Redline's Lambda functions are bundled: one ES module per function with the pinned AWS SDK
// inside it, so the code that deploys is the code the tests import.
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * Credential providers the SDK's default chain loads with a dynamic `import()` only when the
 * environment holds no credentials. Lambda always sets AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
 * AWS_SESSION_TOKEN, so `fromEnv` answers first and these never load; should they ever, the
 * Node.js runtime ships them. Leaving them out saves ~110 KB (SSO/STS/OIDC clients) per function.
 */
export const LAZY_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-http',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-web-identity',
  '@smithy/credential-provider-imds',
] as const;

/** Where the markup reader lives in every asset, next to index.mjs (see markupReaderBuild). */
const MARKUP_READER_FILE = './markup.mjs';

/**
 * The markup reader (lambdas/core/engine/markup.ts: htmlparser2, entities, domutils, ~58 KB minified)
 * bundled on its own next to the handler. The handler's bundle is built with
 * REDLINE_MARKUP_READER_FILE defined, so normalize.ts `import()`s this file the first time an HTML,
 * ninjs or NewsML revision arrives, and a cold start never parses it (issue 11: module init).
 * An afterBundling command: every function that uses REDLINE_BUNDLING's hooks, or adds its own, runs
 * it (redlineAfterBundling).
 */
export function markupReaderBuild(inputDir: string, outputDir: string): string {
  return [
    `"${inputDir}/node_modules/.bin/esbuild"`,
    `"${inputDir}/lambdas/core/engine/markup.ts"`,
    '--bundle --platform=node --format=esm --target=node24 --minify --main-fields=module,main --log-level=warning',
    `--outfile="${outputDir}/${MARKUP_READER_FILE.slice(2)}"`,
  ].join(' ');
}

/**
 * Rewrites the regular-expression literals esbuild copies as written (scripts/finish-bundle.mjs):
 * non-ASCII characters become escapes, so Node reads each bundle as a one-byte string (a bundle
 * with one non-ASCII character is decoded as UTF-16 at every cold start: several percent of
 * module init on Node 24), top-level literals with `\p{…}` become `new RegExp`, parsed once
 * instead of twice at init, and `\p{…}` literals without `i` take the `v` flag instead of `u`
 * (the same matches, a faster parse) (issue 11). Runs after markupReaderBuild, on both files.
 */
export function finishBundleCommand(inputDir: string, outputDir: string): string {
  return `node "${inputDir}/scripts/finish-bundle.mjs" "${outputDir}/index.mjs" "${outputDir}/${MARKUP_READER_FILE.slice(2)}"`;
}

/** The afterBundling commands every Redline function runs (a function with its own hooks starts with these). */
export function redlineAfterBundling(inputDir: string, outputDir: string): string[] {
  return [markupReaderBuild(inputDir, outputDir), finishBundleCommand(inputDir, outputDir)];
}

export const REDLINE_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: false,
  target: 'node24',
  // ESM entry points of dependencies; their CommonJS builds call require('node:https') at run time.
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [...LAZY_CREDENTIAL_PROVIDERS],
  define: { REDLINE_MARKUP_READER_FILE: JSON.stringify(MARKUP_READER_FILE) },
  commandHooks: {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => redlineAfterBundling(inputDir, outputDir),
  },
  // No createRequire banner: with ESM entry points nothing in the bundle calls require() (the
  // bundle test imports the asset and would fail on "Dynamic require of …").
};
