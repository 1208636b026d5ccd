// Runs test/interop/verify_redline_log.go: Go's reference note and tlog code checking Redline's
// checkpoints and proofs. Needs Debian's golang-go and golang-golang-x-mod-dev (`.ci/run` installs them).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const GO_PROGRAM = join(import.meta.dirname, '../interop/verify_redline_log.go');
const GOPATH = '/usr/share/gocode';

export function goAvailable(): boolean {
  return spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0 && existsSync(join(GOPATH, 'src/golang.org/x/mod/sumdb/tlog'));
}

export interface GoCases {
  readonly verifierKey: string;
  readonly checkpoints?: string[];
  readonly inclusions?: { leafIndex: number; leafData: string; inclusionProof: string[]; checkpoint: string }[];
  readonly consistency?: { oldCheckpoint: string; checkpoint: string; consistencyProof: string[] }[];
}

export interface GoResult {
  readonly case: string;
  readonly ok: boolean;
  readonly error?: string;
}

/** Runs the Go verifier on the cases; resolves with its per-case results and exit status. */
export function runGoVerifier(cases: GoCases): Promise<{ status: number; results: GoResult[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'go',
      ['run', GO_PROGRAM],
      { env: { ...process.env, GOPATH, GO111MODULE: 'off', GOFLAGS: '' }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (status !== 0 && status !== 1) return reject(new Error(`go run failed (${status}): ${stderr}`));
        resolve({ status, results: stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as GoResult), stderr });
      },
    );
    child.stdin!.end(JSON.stringify(cases));
  });
}
