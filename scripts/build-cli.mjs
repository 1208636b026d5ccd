// Builds the `redline` CLI ahead of time: bin/redline.ts and everything it imports, compiled by
// esbuild into dist/cli/ as ES modules. Each `await import()` inside a command's action becomes its
// own chunk, so a command loads only its own modules. Runs as npm's `prepare` step (npm install /
// npm ci) and before every test run (test/support/build-cli.ts); bin/redline.js runs the build only
// while every source file it was built from is unchanged, else it runs the sources through tsx.
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');

/**
 * Code that finds files next to its own source (the viewer's assets, the demo story) keeps doing
 * so: `import.meta.url` in a bundled module is rewritten to the URL of its source file, relative
 * to the output folder.
 */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      const contents = await readFile(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return undefined;
      const fromOutput = relative(CLI_OUT_DIR, args.path).split('\\').join('/');
      return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const EXTERNAL_PACKAGES = ['s3rver', 's3rver/*', 'dynalite', 'tsx', 'tsx/*', 'esbuild'];

/** Builds into a fresh folder, then swaps it in, so a concurrent `redline` never sees half a build. */
export async function buildCli() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    console.warn('redline: esbuild is not installed (production install?); the CLI runs from its TypeScript sources through tsx');
    return undefined;
  }
  const staging = `${CLI_OUT_DIR}.${process.pid}.${Date.now()}`;
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    // The pump of `redline start` runs on its own thread, from its own entry (lambdas/local/pump-thread.ts).
    entryPoints: { redline: 'bin/redline.ts', 'pump-worker': 'lambdas/local/pump-worker.ts' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outdir: staging,
    chunkNames: '[name]-[hash]',
    // npm packages are bundled too (fewer files to resolve and read at start-up: the SDK clients
    // are hundreds of modules), except the stand-ins, which load their own files at run time.
    external: EXTERNAL_PACKAGES,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire as __redlineCreateRequire } from 'node:module'; const require = __redlineCreateRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrlPlugin],
  });
  // What bin/redline.js checks before trusting the build: every source file and its mtime.
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs).filter((path) => !path.startsWith('node_modules/')).map((path) => [path, statSync(join(ROOT, path)).mtimeMs]));
  writeFileSync(join(staging, 'inputs.json'), JSON.stringify({ inputs }));
  writeFileSync(join(staging, 'metafile.json'), JSON.stringify(result.metafile));
  mkdirSync(dirname(CLI_OUT_DIR), { recursive: true });
  const previous = `${staging}.old`;
  try {
    renameSync(CLI_OUT_DIR, previous);
  } catch {
    // first build
  }
  renameSync(staging, CLI_OUT_DIR);
  rmSync(previous, { recursive: true, force: true });
  return result.metafile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = performance.now();
  const metafile = await buildCli();
  if (metafile) console.log(`redline: CLI built into ${relative(process.cwd(), CLI_OUT_DIR) || '.'} (${Object.keys(metafile.outputs).length} files, ${Math.round(performance.now() - started)} ms)`);
}
