// Embedded stores for a test file: each in a fresh folder, all stopped and removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedRedline, type EmbeddedOptions } from '../../lambdas/local/embedded.ts';

export function embeddedStarts(folderPrefix: string) {
  const started: { embedded: EmbeddedRedline; dataDir: string }[] = [];
  return {
    async start(options: Omit<EmbeddedOptions, 'dataDir'> = {}): Promise<EmbeddedRedline> {
      const dataDir = mkdtempSync(join(tmpdir(), folderPrefix));
      const embedded = await EmbeddedRedline.start({ dataDir, ...options });
      started.push({ embedded, dataDir });
      return embedded;
    },
    /** For afterEach. */
    async stopAll(): Promise<void> {
      for (const { embedded, dataDir } of started.splice(0)) {
        await embedded.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
