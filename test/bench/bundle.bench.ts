// Deployment artifacts: the size of each bundled function as the cloud assembly holds it, the cold
// import time of that file in a fresh Node process, and — for the cost estimate in the README —
// what one revision costs when the bundled ingest handler records it against the stand-ins:
// wall time, AWS requests made, DynamoDB item bytes and archive bytes.
// Target: the ingest function's module init ≤ 1.2× that of an SDK-only bundle (S3 + DynamoDB
// clients, bundled the same way). Size and absolute import time are printed, not targets: bundle
// size is no goal in itself, and milliseconds depend on the machine and its load. The ratio:
// every bundle is imported in a fresh Node process, round after round, interleaved (baseline,
// then each function, then the baseline again…) so a load spike hits all of them alike; medians.
// A second SDK bundle with the commands ingest sends is printed for information (its ratio too).
// BENCH_NODE=<path to node> imports the bundles with that Node (e.g. the functions' runtime, 24).
import { execFileSync } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { EMBEDDED_CREDENTIALS, EmbeddedRedline } from '../../lambdas/local/embedded.ts';
import { ensureBucket, ensureTable } from '../../lambdas/adapters/provision.ts';
import { build } from 'esbuild';
import { synthesizeBundledApp } from '../infra/bundled-asset.ts';
import { LAZY_CREDENTIAL_PROVIDERS } from '../../lib/bundling.ts';
import { finishBundle } from '../../scripts/finish-bundle.mjs';

const COLD_ROUNDS = process.env.BENCH_QUICK === '1' ? 11 : 25;
/**
 * The Node.js that imports the bundles: this one, or BENCH_NODE (a path), e.g. the functions'
 * runtime, Node 24, when the bench itself runs on another (`npm install --prefix /tmp/n24 node@24`).
 */
const COLD_NODE = process.env.BENCH_NODE || process.execPath;
const INGEST_INIT_RATIO_BUDGET = 1.2;
const STORIES = 5;
const REVISIONS_PER_STORY = 10;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** DynamoDB's billed item size: attribute names plus values (strings and binaries by length, numbers ~1 byte per 2 digits, 3 bytes per map/list). */
function itemBytes(item: Record<string, AttributeValue>): number {
  const value = (v: AttributeValue): number => {
    if (v.S !== undefined) return Buffer.byteLength(v.S);
    if (v.N !== undefined) return Math.ceil(v.N.replace(/^-|\./g, '').length / 2) + 1;
    if (v.B !== undefined) return v.B.length;
    if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
    if (v.L) return 3 + v.L.reduce((sum, e) => sum + 1 + value(e), 0);
    if (v.M) return 3 + Object.entries(v.M).reduce((sum, [k, e]) => sum + 1 + Buffer.byteLength(k) + value(e), 0);
    if (v.SS) return v.SS.reduce((sum, s) => sum + Buffer.byteLength(s), 0);
    return 0;
  };
  return Object.entries(item).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + value(v), 0);
}

/** A ~750-word story; revision n changes a casualty figure, edits one sentence and sometimes adds a note. */
function storyRevision(story: number, revision: number): string {
  const paragraphs = Array.from({ length: 25 }, (_, p) => {
    const figure = p === revision % 25 ? 40 + revision : 40 + p;
    const edited = p === (revision * 7) % 25 && revision > 1 ? ' Officials later revised the account.' : '';
    return `Rescue teams in district ${p + 1} reported ${figure} people missing on Tuesday, according to the regional emergency office, which said crews would keep searching overnight.${edited}`;
  });
  const note = revision > 1 && revision % 3 === 0 ? [`*Update: figures revised in revision ${revision}.*`] : [];
  return [`# Floods in region ${story}: latest`, '', ...paragraphs.flatMap((p) => [p, '']), ...note].join('\n');
}

interface InitTime {
  /** Wall milliseconds of the `import()`. */
  readonly wall: number;
  /** CPU milliseconds (user + system) the process spent in it: what a busy machine inflates least. */
  readonly cpu: number;
}

/** How long `import()` of the file takes in a fresh Node process: its module init. */
function coldImport(entryFile: string, env: NodeJS.ProcessEnv): InitTime {
  const script =
    `const c = process.cpuUsage(); const t = performance.now(); await import(${JSON.stringify(`file://${entryFile}`)}); const w = performance.now() - t; ` +
    `const u = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall: w, cpu: (u.user + u.system) / 1000 }));`;
  return JSON.parse(execFileSync(COLD_NODE, ['--input-type=module', '-e', script], { env, encoding: 'utf8' })) as InitTime;
}

/** Cold imports of every bundle, interleaved round by round; the times per bundle. */
function interleavedColdImports(bundles: { file: string; env: NodeJS.ProcessEnv }[], rounds: number): InitTime[][] {
  const times = bundles.map(() => [] as InitTime[]);
  for (let round = 0; round < rounds; round++) {
    // Alternate the order so neither end of a round is always first after a pause.
    const order = bundles.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) times[i]!.push(coldImport(bundles[i]!.file, bundles[i]!.env));
  }
  return times;
}

export async function run(): Promise<boolean> {
  const bundled = synthesizeBundledApp();
  const dataDir = mkdtempSync(join(tmpdir(), 'redline-bundle-bench-'));
  const events: unknown[] = [];
  const embedded = await EmbeddedRedline.start({ dataDir, onEvent: (event) => events.push(event) });
  const savedEnv = { ...process.env };
  let passed = true;
  try {
    await ensureTable(embedded.clients.dynamodb, 'bench-ledger');
    await ensureBucket(embedded.clients.s3, 'bench-archive', { versioning: false });
    const env = {
      ...process.env,
      REDLINE_TABLE: 'bench-ledger',
      REDLINE_ARCHIVE_BUCKET: 'bench-archive',
      // The log integrator's (import only: it signs nothing here).
      REDLINE_CHECKPOINT_BUCKET: 'bench-checkpoints',
      REDLINE_LOG_KMS_KEY_ID: 'bench-key',
      REDLINE_LOG_ORIGIN: 'bench.example/log',
      // The backfill batch function's (import only).
      REDLINE_UPLOAD_BUCKET: 'bench-uploads',
      // The query API's bucket for answers over the function URL's limit (import only).
      REDLINE_ANSWER_BUCKET: 'bench-answers',
      REDLINE_S3_ENDPOINT: embedded.endpoints.s3,
      REDLINE_DYNAMODB_ENDPOINT: embedded.endpoints.dynamodb,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: EMBEDDED_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: EMBEDDED_CREDENTIALS.secretAccessKey,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };

    // Cold import is CPU-bound: a busy machine (load above its core count) inflates it.
    console.log(`load average ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores; bundles imported by Node.js ${execFileSync(COLD_NODE, ['--version'], { encoding: 'utf8' }).trim()}`);
    // Baseline in the same run: a handler that only builds the S3 and DynamoDB document clients,
    // bundled with the same settings — the floor any Redline function with the pinned SDK starts from.
    const sdkBundle = async (file: string, contents: string) => {
      await build({
        stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
        bundle: true, platform: 'node', format: 'esm', target: 'node24', minify: true, mainFields: ['module', 'main'],
        external: [...LAZY_CREDENTIAL_PROVIDERS], outfile: file, logLevel: 'silent',
      });
      // The functions' afterBundling step too (the SDK's code has no literal it rewrites).
      writeFileSync(file, finishBundle(readFileSync(file, 'utf8'), file));
      return file;
    };
    const clients = `import { S3Client } from '@aws-sdk/client-s3'; import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
          const s3 = new S3Client({}); const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));`;
    const baselineFile = await sdkBundle(join(dataDir, 'sdk-baseline.mjs'), `${clients} export const handler = async () => [s3, documents];`);
    // Information, not the target: the same clients plus the commands the ingest function sends
    // (their middleware — checksums, streams — is SDK code any function doing ingest's I/O loads).
    const commandsFile = await sdkBundle(
      join(dataDir, 'sdk-commands.mjs'),
      `${clients} import { GetBucketVersioningCommand, GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
        import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
        import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
        export const handler = async () => [s3, documents, GetBucketVersioningCommand, GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand, ConditionalCheckFailedException,
          BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, UpdateCommand];`,
    );
    const coldBundles = [{ file: baselineFile, env }, { file: commandsFile, env }, ...bundled.functions.map((fn) => ({ file: fn.entryFile, env: { ...env, ...fn.literalEnvironment } }))];
    // Warm-up: the first Node processes of a run pay for cold disk caches.
    interleavedColdImports(coldBundles, 1);
    const [baselineTimes = [], commandsTimes = [], ...functionTimes] = interleavedColdImports(coldBundles, COLD_ROUNDS);
    const wall = (times: InitTime[]) => median(times.map((t) => t.wall));
    const cpu = (times: InitTime[]) => median(times.map((t) => t.cpu));
    const baseline = { wall: wall(baselineTimes), cpu: cpu(baselineTimes) };
    console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} after ${COLD_ROUNDS} interleaved rounds`);
    console.log(`module init = import() of the bundle in a fresh Node process; medians of ${COLD_ROUNDS}; CPU = user + system time of the process during it`);
    console.log(`                       minified     gzip     CPU ms (× baseline)   wall ms (× baseline)`);
    const row = (name: string, file: string, times: InitTime[]) =>
      `${name.padEnd(22)} ${(statSync(file).size / 1024).toFixed(1).padStart(6)} KiB ${(gzipSync(readFileSync(file)).length / 1024).toFixed(1).padStart(6)} KiB  ` +
      `${cpu(times).toFixed(1).padStart(7)} (${(cpu(times) / baseline.cpu).toFixed(2)}×)      ${wall(times).toFixed(1).padStart(7)} (${(wall(times) / baseline.wall).toFixed(2)}×)`;
    console.log(row('SDK-only baseline', baselineFile, baselineTimes));
    console.log(row('SDK + ingest commands', commandsFile, commandsTimes));
    bundled.functions.forEach((fn, index) => {
      const times = functionTimes[index] ?? [];
      const isIngest = fn.logicalId.startsWith('IngestFunction');
      // The target is on CPU time: on a shared machine wall time also measures the neighbours.
      const ratioOk = !isIngest || cpu(times) / baseline.cpu <= INGEST_INIT_RATIO_BUDGET;
      passed &&= ratioOk;
      console.log(row(fn.logicalId.replace(/[0-9A-F]{8}$/, ''), fn.entryFile, times) + (isIngest ? `   ${ratioOk ? 'PASS' : 'FAIL'} (≤ ${INGEST_INIT_RATIO_BUDGET}× CPU)` : ''));
      if (isIngest) console.log(`${''.padEnd(22)} against SDK + ingest commands: ${(cpu(times) / cpu(commandsTimes)).toFixed(2)}× CPU, ${(wall(times) / wall(commandsTimes)).toFixed(2)}× wall (information)`);
    });

    // One revision through the bundled ingest handler, as Lambda would run it (warm).
    const ingest = bundled.functions.find((fn) => fn.logicalId.startsWith('IngestFunction'));
    Object.assign(process.env, env, ingest?.literalEnvironment);
    const handler = (createRequire(import.meta.url)(ingest?.entryFile ?? '') as { handler: (event: unknown, context: unknown) => Promise<unknown> }).handler;
    const requests = { s3Get: 0, s3Put: 0, s3List: 0, dynamoRead: 0, dynamoWrite: 0 };
    let counting = false;
    subscribe('http.client.request.start', (message) => {
      if (!counting) return;
      const request = (message as { request: { method: string; path: string; host?: string; getHeader(name: string): unknown } }).request;
      const target = String(request.getHeader('x-amz-target') ?? '');
      if (target.startsWith('DynamoDB_')) {
        if (/PutItem|UpdateItem|DeleteItem|BatchWrite|TransactWrite/.test(target)) requests.dynamoWrite++;
        else requests.dynamoRead++;
      } else if (request.method === 'PUT') requests.s3Put++;
      else if (/[?&](versions|list-type)/.test(request.path)) requests.s3List++;
      else requests.s3Get++;
    });
    const silence = process.stdout.write.bind(process.stdout);
    const durations: number[] = [];
    for (let revision = 1; revision <= REVISIONS_PER_STORY; revision++) {
      for (let story = 1; story <= STORIES; story++) {
        const before = events.length;
        await embedded.clients.s3.send(
          new PutObjectCommand({ Bucket: embedded.names.uploadBucket, Key: `stories/bench/floods-${story}.md`, Body: storyRevision(story, revision), Metadata: { editor: 'Bench desk' } }),
        );
        await embedded.idle();
        const event = events[before];
        process.stdout.write = (() => true) as typeof process.stdout.write;
        counting = true;
        const started = performance.now();
        await handler(event, { awsRequestId: `bench-${story}-${revision}`, functionName: 'IngestFunction' });
        durations.push(performance.now() - started);
        counting = false;
        process.stdout.write = silence;
      }
    }
    const revisions = STORIES * REVISIONS_PER_STORY;
    const items = (await embedded.clients.dynamodb.send(new ScanCommand({ TableName: 'bench-ledger' }))).Items ?? [];
    const kinds = new Map<string, number[]>();
    for (const item of items) {
      const kind = item.SK?.S?.startsWith('V#') ? 'version record' : item.SK?.S === 'SUMMARY' ? 'story summary' : 'content index';
      kinds.set(kind, [...(kinds.get(kind) ?? []), itemBytes(item)]);
    }
    const archived = (await embedded.clients.s3.send(new ListObjectsV2Command({ Bucket: 'bench-archive' }))).Contents ?? [];
    const archiveBytes = archived.reduce((sum, object) => sum + (object.Size ?? 0), 0);
    console.log(`\ningest, ${revisions} revisions of ~750-word stories through the bundled handler (warm, stand-ins on loopback):`);
    console.log(`  time per revision: median ${median(durations).toFixed(1)} ms, p90 ${[...durations].sort((a, b) => a - b)[Math.floor(revisions * 0.9)]?.toFixed(1)} ms (the first: ${durations[0]?.toFixed(1)} ms)`);
    console.log(
      `  requests per revision: S3 GET ${(requests.s3Get / revisions).toFixed(2)}, S3 LIST ${(requests.s3List / revisions).toFixed(2)}, S3 PUT ${(requests.s3Put / revisions).toFixed(2)}, DynamoDB reads ${(requests.dynamoRead / revisions).toFixed(2)}, writes ${(requests.dynamoWrite / revisions).toFixed(2)}`,
    );
    for (const [kind, sizes] of kinds) {
      console.log(`  ${kind}: ${sizes.length} items, average ${(sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024).toFixed(2)} KB, max ${(Math.max(...sizes) / 1024).toFixed(2)} KB`);
    }
    console.log(`  archive: ${archived.length} objects, ${(archiveBytes / revisions / 1024).toFixed(2)} KB per revision`);
    console.log(`\ningest module init ≤ ${INGEST_INIT_RATIO_BUDGET}× the SDK-only bundle: ${passed ? 'PASS' : 'FAIL'}`);
    return passed;
  } finally {
    process.env = savedEnv;
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bundled.outdir, { recursive: true, force: true });
  }
}
