#!/usr/bin/env node
// Entry shim. Runs the ahead-of-time build in dist/cli/ (npm's `prepare` step, `npm run build`)
// when it was built from the sources as they are now; otherwise the TypeScript sources through
// tsx, so a stale build never runs in place of a changed source. REDLINE_FROM_SOURCE=1 forces tsx.
import module from 'node:module';
import { readFileSync, statSync } from 'node:fs';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Node ≥ 22.1 caches compiled modules on disk between runs.
module.enableCompileCache?.();

const root = new URL('../', import.meta.url);
const built = new URL('dist/cli/', root);

function buildIsCurrent() {
  try {
    const { inputs } = JSON.parse(readFileSync(new URL('inputs.json', built), 'utf8'));
    return Object.entries(inputs).every(([path, mtimeMs]) => statSync(new URL(path, root)).mtimeMs === mtimeMs);
  } catch {
    return false;
  }
}

const fromBuild = process.env.REDLINE_FROM_SOURCE !== '1' && buildIsCurrent();
globalThis[Symbol.for('redline.cli')] = fromBuild ? 'build' : 'source';
if (fromBuild) {
  await import(new URL('redline.js', built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./redline.ts');
}
