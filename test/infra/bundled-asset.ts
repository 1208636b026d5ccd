// Synthesizes the CDK app with esbuild bundling (processing stack only) and hands out the Lambda
// assets exactly as `cdk deploy` would upload them, for the artifact test and the bundle bench.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { createRedlineStacks } from '../../lib/redline-app.ts';

const cdkContext = (JSON.parse(readFileSync(join(import.meta.dirname, '../../cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

export interface BundledFunction {
  /** The function's logical id in the processing template. */
  readonly logicalId: string;
  /** The bundled entry point (`index.mjs`) inside the cloud assembly. */
  readonly entryFile: string;
  /** Environment variables with literal values (token-valued ones — names of resources — are left out). */
  readonly literalEnvironment: Record<string, string>;
}

export interface BundledApp {
  readonly outdir: string;
  readonly functions: BundledFunction[];
}

export function synthesizeBundledApp(): BundledApp {
  const outdir = mkdtempSync(join(tmpdir(), 'redline-assembly-'));
  const app = new App({
    outdir,
    context: { ...cdkContext, 'aws:cdk:bundling-stacks': ['RedlineProcessing'], 'aws:cdk:enable-asset-metadata': true },
  });
  createRedlineStacks(app);
  const assembly = app.synth();
  const template = assembly.getStackByName('RedlineProcessing').template as {
    Resources: Record<string, { Type: string; Metadata?: Record<string, string>; Properties: { Handler?: string; Environment?: { Variables?: Record<string, unknown> } } }>;
  };
  const functions = Object.entries(template.Resources)
    .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function' && resource.Metadata?.['aws:asset:path'])
    .map(([logicalId, resource]) => ({
      logicalId,
      entryFile: join(outdir, resource.Metadata?.['aws:asset:path'] ?? '', 'index.mjs'),
      literalEnvironment: Object.fromEntries(
        Object.entries(resource.Properties.Environment?.Variables ?? {}).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    }));
  return { outdir, functions };
}
