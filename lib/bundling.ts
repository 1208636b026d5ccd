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

export const REDLINE_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  minify: true,
  sourceMap: false,
  target: 'node24',
  // ESM entry points of dependencies; their CommonJS builds call require('node:https') at run time.
  mainFields: ['module', 'main'],
  bundleAwsSDK: true,
  externalModules: [...LAZY_CREDENTIAL_PROVIDERS],
  // No createRequire banner: with ESM entry points nothing in the bundle calls require() (the
  // bundle test imports the asset and would fail on "Dynamic require of …").
};
