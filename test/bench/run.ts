// Benchmark dispatcher: imports every test/bench/*.bench.ts and awaits its exported run().
// `npm run bench -- engine` runs only the benches whose file name contains "engine".
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

interface BenchModule {
  run?: () => Promise<boolean | void> | boolean | void;
}

const directory = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv[2];
const files = readdirSync(directory)
  .filter((name) => name.endsWith('.bench.ts') && (!filter || name.includes(filter)))
  .sort();

let failed = false;
for (const file of files) {
  const bench = (await import(pathToFileURL(`${directory}${file}`).href)) as BenchModule;
  if (typeof bench.run !== 'function') {
    console.log(`${file}: no exported run(), skipped`);
    continue;
  }
  console.log(`\n=== ${file}`);
  const started = performance.now();
  const passed = await bench.run();
  console.log(`=== ${file}: ${((performance.now() - started) / 1000).toFixed(1)} s${passed === false ? ', targets FAILED' : ''}`);
  if (passed === false) failed = true;
}
if (files.length === 0) console.log(`no benches match ${filter ?? '*.bench.ts'}`);
process.exitCode = failed ? 1 : 0;
