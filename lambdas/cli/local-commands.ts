// `redline start` and `redline demo`: the embedded pipeline with the bundled demo story.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestOutcome } from '../app/ingest.ts';
import type { EventLog } from '../app/process-event.ts';
import { EMBEDDED_CREDENTIALS, EMBEDDED_NAMES, EmbeddedRedline, PortInUseError } from '../local/embedded.ts';
import { DEFAULT_STORY_PREFIX } from '../core/story-keys.ts';
import { formatHistory, readHistory } from './history.ts';
import { serverFile } from './target.ts';
import { uploadRevision } from './upload.ts';
import { queryDeps } from '../app/query-wiring.ts';
import { startAuditorServer, type AuditorServer } from '../local/server.ts';
import { LocalKeySigner } from '../adapters/local-signer.ts';
import { integratorDeps } from '../app/log-wiring.ts';
import { noteVerifierKey } from '../core/checkpoint.ts';
import { LOCAL_INTEGRATION_INTERVAL_MS, startLogTimer } from '../local/log-timer.ts';

const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'local', 'demo');

interface DemoManifest {
  storyId: string;
  extension: string;
  revisions: { file: string; editor?: string; note?: string }[];
}

export function demoManifest(): DemoManifest & { dir: string } {
  return { ...(JSON.parse(readFileSync(join(DEMO_DIR, 'demo.json'), 'utf8')) as DemoManifest), dir: DEMO_DIR };
}

/** Uploads the demo story's revisions one by one through the S3 API, waiting for each record. */
export async function uploadDemoStory(embedded: EmbeddedRedline): Promise<string> {
  const demo = demoManifest();
  for (const revision of demo.revisions) {
    await uploadRevision(embedded.clients.s3, {
      file: join(demo.dir, revision.file),
      storyId: demo.storyId,
      editor: revision.editor,
      note: revision.note,
      bucket: EMBEDDED_NAMES.uploadBucket,
      storyPrefix: DEFAULT_STORY_PREFIX,
    });
    await embedded.idle();
  }
  return demo.storyId;
}

export function describeOutcome(outcome: IngestOutcome): string {
  switch (outcome.outcome) {
    case 'recorded':
      return `recorded ${outcome.storyId} v${outcome.version} (${outcome.status})`;
    case 'duplicate':
      return `duplicate: ${outcome.detail}`;
    case 'ignored':
      return `ignored (${outcome.reason}): ${outcome.detail}`;
    case 'still-archived':
      return `still archived: ${outcome.detail}`;
  }
}

export async function runDemo(print: (line: string) => void): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-demo-'));
  const embedded = await EmbeddedRedline.start({ dataDir, onRecorded: (outcomes) => outcomes.forEach((o) => print(describeOutcome(o))) });
  try {
    const storyId = await uploadDemoStory(embedded);
    print('');
    print(formatHistory(storyId, await readHistory(embedded.deps().ledger, storyId)));
  } finally {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface StartOptions {
  readonly dataDir: string;
  readonly s3Port: number;
  readonly dynamodbPort: number;
  readonly demo: boolean;
  /** Port of the web viewer and API; a taken port is an error, never a random other one. @default 4570 */
  readonly viewerPort?: number;
  /** Address of the web viewer and API. @default 127.0.0.1 */
  readonly viewerHost?: string;
  /** URL auditors reach the viewer at when not the listening address (feed links, allowed Host). */
  readonly viewerPublicUrl?: string;
}

export const DEFAULT_VIEWER_PORT = 4570;

/** Serves the embedded pipeline until SIGINT/SIGTERM; resolves when stopped. */
export async function runStart(options: StartOptions, print: (line: string) => void, log: EventLog): Promise<void> {
  const embedded = await EmbeddedRedline.start({
    dataDir: options.dataDir,
    s3Port: options.s3Port,
    dynamodbPort: options.dynamodbPort,
    log,
    onRecorded: (outcomes) => outcomes.forEach((o) => print(describeOutcome(o))),
  });
  writeFileSync(serverFile(options.dataDir), JSON.stringify({ pid: process.pid, s3: embedded.endpoints.s3, dynamodb: embedded.endpoints.dynamodb }));
  const demo = demoManifest();
  const empty = (await embedded.deps().ledger.latest(demo.storyId)) === undefined;
  let viewer: AuditorServer;
  try {
    viewer = await startViewerServer(embedded, options.viewerPort ?? DEFAULT_VIEWER_PORT, options.viewerHost ?? '127.0.0.1', options.viewerPublicUrl);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const signer = LocalKeySigner.openOrCreate(options.dataDir);
  const logTimer = startLogTimer(integratorDeps(embedded.clients.documents, EMBEDDED_NAMES.tableName, signer), {
    onError: (error) => log.error('log integration failed', { error: String(error) }),
  });
  print(`Redline is running (data in ${options.dataDir}).`);
  print(`  Viewer and API:     ${viewer.url}/   (API description: ${viewer.url}/openapi.json)`);
  print(`  S3 endpoint:        ${embedded.endpoints.s3}   bucket ${EMBEDDED_NAMES.uploadBucket}`);
  print(`  DynamoDB endpoint:  ${embedded.endpoints.dynamodb}   table ${EMBEDDED_NAMES.tableName}`);
  print(`  credentials:        AWS_ACCESS_KEY_ID=${EMBEDDED_CREDENTIALS.accessKeyId} AWS_SECRET_ACCESS_KEY=${EMBEDDED_CREDENTIALS.secretAccessKey}`);
  print(`  log verifier key:   ${noteVerifierKey(signer.name, await signer.publicKey())}`);
  print(`                      (checkpoints every ${LOCAL_INTEGRATION_INTERVAL_MS} ms; signing key ${signer.file}; npx redline log checkpoint)`);
  print('');
  print('Upload a revision (in another terminal):');
  print(`  npx redline upload story.md --story my-story --editor "Your Name" --note "Update 12:00"`);
  print(`  AWS_ACCESS_KEY_ID=redline AWS_SECRET_ACCESS_KEY=redline aws s3 cp story.md s3://${EMBEDDED_NAMES.uploadBucket}/stories/my-story.md --endpoint-url ${embedded.endpoints.s3}`);
  print('Read a history:  npx redline history my-story');
  print('');
  if (options.demo && empty) {
    print(`First start: recording the demo story "${demo.storyId}" (${demo.revisions.length} revisions)…`);
    await uploadDemoStory(embedded);
    print(formatHistory(demo.storyId, await readHistory(embedded.deps().ledger, demo.storyId)));
    print('');
  }
  print('Waiting for uploads. Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  rmSync(serverFile(options.dataDir), { force: true });
  await logTimer.stop();
  await viewer.close();
  await embedded.stop();
}

/** The viewer + API on the given port: the same URL on every start, or a clear error naming --port. */
async function startViewerServer(embedded: EmbeddedRedline, port: number, host: string, publicUrl?: string): Promise<AuditorServer> {
  const deps = queryDeps(embedded.clients, { tableName: EMBEDDED_NAMES.tableName, archiveBucket: EMBEDDED_NAMES.archiveBucket });
  const onError = (error: unknown) => console.error('viewer/API request failed:', error);
  try {
    return await startAuditorServer(deps, { port, host, onError, ...(publicUrl ? { publicUrl } : {}) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    throw new PortInUseError(port, 'viewer and API', '--port');
  }
}
