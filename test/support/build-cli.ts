// Vitest global setup: build the CLI once per test run, so tests that spawn `bin/redline.js`
// exercise the current sources through the same built code users run.
import { buildCli } from '../../scripts/build-cli.mjs';

export default async function setup(): Promise<void> {
  await buildCli();
}
