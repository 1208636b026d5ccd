// RevisionArchive adapters for `redline import`: a folder tree, a git repository's history and a
// JSON Lines file. Each reads the archive's listing up front (stories and their revisions in
// order) and the bytes of a revision only when it is recorded.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { createInterface } from 'node:readline';
import { sha256Hex } from '../core/hashing.ts';
import { FORMAT_BY_EXTENSION, REVISION_FORMATS, isUsableStoryId, storyKeyFor } from '../core/story-keys.ts';
import type { RevisionFormat } from '../core/engine/types.ts';
import type { ArchivedRevision, ArchivedStory, ArchiveProblem, RevisionArchive } from '../ports.ts';

/** The archive itself cannot be read (missing folder, not a git repository, unreadable manifest). */
export class ArchiveUnreadableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArchiveUnreadableError';
  }
}

/** An ISO 8601 instant with a time zone, normalized; undefined when it is not one. */
export function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function formatOfName(name: string): RevisionFormat | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? FORMAT_BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}

/** A story format named in an archive: a Redline format or a file extension. */
function formatOfField(value: unknown): RevisionFormat | undefined {
  if (value === undefined) return 'text';
  if (typeof value !== 'string') return undefined;
  const name = value.toLowerCase();
  return (REVISION_FORMATS as readonly string[]).includes(name) ? (name as RevisionFormat) : FORMAT_BY_EXTENSION[name];
}

function groupStories(entries: { storyId: string; revision: ArchivedRevision }[]): ArchivedStory[] {
  const stories = new Map<string, ArchivedRevision[]>();
  for (const { storyId, revision } of entries) {
    let revisions = stories.get(storyId);
    if (!revisions) stories.set(storyId, (revisions = []));
    revisions.push(revision);
  }
  return [...stories].map(([storyId, revisions]) => ({ storyId, revisions }));
}

// ---------------------------------------------------------------------------------------------
// Folder: <dir>/<storyId>/<revision files>, revision files in name order (numbers compared as
// numbers: 2 before 10); nested folders form the story id. An optional manifest (JSON object
// keyed by the file's path relative to <dir>) gives each file's time, editor and note; without
// one, a file's modification time is its revision time.

interface ManifestEntry {
  readonly time?: unknown;
  readonly editor?: unknown;
  readonly note?: unknown;
}

const byName = new Intl.Collator('en', { numeric: true }).compare;

export function folderArchive(dir: string, options: { readonly manifest?: string } = {}): RevisionArchive {
  return {
    kind: 'folder',
    description: `folder ${dir}`,
    async read() {
      const rootStat = await stat(dir).catch(() => undefined);
      if (!rootStat?.isDirectory()) throw new ArchiveUnreadableError(`${dir} is not a folder`);
      const manifestFile = options.manifest ?? join(dir, 'manifest.json');
      let manifest: Record<string, ManifestEntry> = {};
      const manifestText = await readFile(manifestFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' && options.manifest === undefined) return undefined;
        throw new ArchiveUnreadableError(`cannot read the manifest ${manifestFile}: ${error.message}`);
      });
      if (manifestText !== undefined) {
        try {
          const parsed: unknown = JSON.parse(manifestText);
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object keyed by file path');
          manifest = parsed as Record<string, ManifestEntry>;
        } catch (error) {
          throw new ArchiveUnreadableError(`the manifest ${manifestFile} is not usable: ${(error as Error).message}`);
        }
      }
      const problems: ArchiveProblem[] = [];
      const entries: { storyId: string; revision: ArchivedRevision }[] = [];
      const seen = new Set<string>();
      const walk = async (folder: string): Promise<void> => {
        const children = (await readdir(folder, { withFileTypes: true })).filter((child) => !child.name.startsWith('.')).sort((a, b) => byName(a.name, b.name));
        const storyId = relative(dir, folder).split(sep).join('/');
        for (const child of children) {
          const path = join(folder, child.name);
          if (child.isDirectory()) {
            await walk(path);
            continue;
          }
          if (!child.isFile() || path === manifestFile) continue;
          const relativePath = relative(dir, path).split(sep).join('/');
          if (storyId === '') {
            problems.push({ where: relativePath, reason: `a file at the top of the folder names no story; put revisions in <folder>/<storyId>/` });
            continue;
          }
          if (!isUsableStoryId(storyId)) {
            problems.push({ where: relativePath, reason: `"${storyId}" is not a usable story id` });
            continue;
          }
          seen.add(relativePath);
          const described = manifest[relativePath];
          const manifestTime = described?.time === undefined ? undefined : isoTime(described.time);
          const mtime = described?.time === undefined ? (await stat(path)).mtime.toISOString() : undefined;
          entries.push({
            storyId,
            revision: {
              importId: relativePath,
              path: relativePath,
              ...((manifestTime ?? mtime) ? { revisionTime: manifestTime ?? mtime } : {}),
              ...(typeof described?.editor === 'string' && described.editor ? { editor: described.editor } : {}),
              ...(typeof described?.note === 'string' && described.note ? { note: described.note } : {}),
              format: formatOfName(child.name),
              change: 'created',
              ...(described?.time !== undefined && !manifestTime ? { problem: `the manifest gives time ${JSON.stringify(described.time)}, not an ISO 8601 time with a zone` } : {}),
              read: async () => readFile(path),
            },
          });
        }
      };
      await walk(dir);
      for (const described of Object.keys(manifest)) {
        if (!seen.has(described)) problems.push({ where: `manifest: ${described}`, reason: 'the manifest names a file that is not a revision in the folder' });
      }
      return { stories: groupStories(entries), problems };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// JSON Lines: one revision per line, { storyId, time, editor, note, format, content }, in order.

export function jsonLinesArchive(file: string): RevisionArchive {
  return {
    kind: 'jsonl',
    description: `JSON Lines ${file}`,
    async read() {
      const problems: ArchiveProblem[] = [];
      const entries: { storyId: string; revision: ArchivedRevision }[] = [];
      const occurrences = new Map<string, number>();
      const name = basename(file);
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
      let number = 0;
      try {
        for await (const line of lines) {
          number += 1;
          if (line.trim() === '') continue;
          const where = `${name}:${number}`;
          let entry: Record<string, unknown>;
          try {
            const parsed: unknown = JSON.parse(line);
            if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not a JSON object');
            entry = parsed as Record<string, unknown>;
          } catch (error) {
            problems.push({ where, reason: `not a JSON object: ${(error as Error).message}` });
            continue;
          }
          const storyId = entry.storyId;
          if (typeof storyId !== 'string' || !isUsableStoryId(storyId)) {
            problems.push({ where, reason: typeof storyId === 'string' ? `"${storyId}" is not a usable story id` : 'no "storyId" string' });
            continue;
          }
          // The same entry twice in one story is two revisions: count occurrences into the id.
          const hash = sha256Hex(line).slice(0, 24);
          const seen = (occurrences.get(`${storyId}\u0000${hash}`) ?? 0) + 1;
          occurrences.set(`${storyId}\u0000${hash}`, seen);
          const time = entry.time === undefined ? undefined : isoTime(entry.time);
          const format = formatOfField(entry.format);
          const content = entry.content;
          const problem =
            entry.time !== undefined && !time
              ? `"time" ${JSON.stringify(entry.time)} is not an ISO 8601 time with a zone`
              : typeof content !== 'string'
                ? '"content" is missing or not a string'
                : undefined;
          entries.push({
            storyId,
            revision: {
              importId: `${hash}#${seen}`,
              path: where,
              ...(time ? { revisionTime: time } : {}),
              ...(typeof entry.editor === 'string' && entry.editor ? { editor: entry.editor } : {}),
              ...(typeof entry.note === 'string' && entry.note ? { note: entry.note } : {}),
              format,
              change: 'created',
              ...(problem ? { problem } : {}),
              read: async () => Buffer.from(typeof content === 'string' ? content : '', 'utf8'),
            },
          });
        }
      } catch (error) {
        throw new ArchiveUnreadableError(`cannot read ${file}: ${(error as Error).message}`);
      }
      return { stories: groupStories(entries), problems };
    },
  };
}

// ---------------------------------------------------------------------------------------------
// git: every commit that changed a file matching the path pattern is a revision of that file's
// story (commit time, author, message as time, editor, note), oldest first. The story id is the
// path below the pattern's fixed leading folders, without the extension. One `git cat-file
// --batch` process serves every revision's bytes.

function run(args: string[], cwd: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => reject(new ArchiveUnreadableError(`cannot run git: ${error.message}`)));
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new ArchiveUnreadableError(`git ${args[0]} failed in ${cwd}: ${Buffer.concat(err).toString().trim()}`))));
  });
}

/** Reads blobs through one `git cat-file --batch`, answering requests in the order they were made. */
class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffer = Buffer.alloc(0);
  private readonly waiting: { resolve(bytes: Uint8Array): void; reject(error: Error): void; spec: string }[] = [];

  constructor(private readonly repo: string) {}

  read(spec: string): Promise<Uint8Array> {
    if (!this.child) {
      this.child = spawn('git', ['cat-file', '--batch'], { cwd: this.repo });
      this.child.stdout.on('data', (chunk: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        this.drain();
      });
      this.child.once('close', () => {
        for (const pending of this.waiting.splice(0)) pending.reject(new ArchiveUnreadableError(`git cat-file stopped before reading ${pending.spec}`));
      });
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject, spec });
      this.child!.stdin.write(`${spec}\n`);
    });
  }

  private drain(): void {
    for (;;) {
      const pending = this.waiting[0];
      const newline = this.buffer.indexOf(10);
      if (!pending || newline < 0) return;
      const header = this.buffer.subarray(0, newline).toString();
      if (header.endsWith(' missing')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.waiting.shift();
        pending.reject(new ArchiveUnreadableError(`git has no ${pending.spec}`));
        continue;
      }
      const size = Number(header.split(' ')[2]);
      if (this.buffer.length < newline + 1 + size + 1) return;
      const bytes = Uint8Array.prototype.slice.call(this.buffer, newline + 1, newline + 1 + size);
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.waiting.shift();
      pending.resolve(bytes);
    }
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.stdin.end();
    });
  }
}

/** The fixed leading folders of a glob pattern (`stories/**\/*.md` → `stories/`). */
export function patternBase(pattern: string): string {
  const firstGlob = pattern.search(/[*?[]/);
  const fixed = firstGlob < 0 ? pattern : pattern.slice(0, firstGlob);
  return fixed.slice(0, fixed.lastIndexOf('/') + 1);
}

export function gitArchive(repo: string, pathPattern: string): RevisionArchive {
  const blobs = new BlobReader(repo);
  const base = patternBase(pathPattern);
  return {
    kind: 'git',
    description: `git ${repo} (${pathPattern})`,
    async read() {
      const log = await run(['log', '--reverse', '--no-renames', '--format=%x1e%H%x00%cI%x00%an%x00%B%x00', '--name-status', '-z', '--', `:(glob)${pathPattern}`], repo);
      const problems: ArchiveProblem[] = [];
      const entries: { storyId: string; revision: ArchivedRevision }[] = [];
      for (const commitText of log.toString('utf8').split('\u001e').slice(1)) {
        const [commit = '', time = '', author = '', message = '', ...rest] = commitText.split('\u0000');
        const changes = rest.map((token) => token.replace(/^\n/, '')).filter((token) => token !== '');
        for (let i = 0; i + 1 < changes.length; i += 2) {
          const status = changes[i]!;
          const path = changes[i + 1]!;
          const story = storyKeyFor(path, base);
          if (story.kind !== 'story') {
            problems.push({ where: `${commit.slice(0, 12)}:${path}`, reason: story.detail });
            continue;
          }
          const note = message.trim();
          entries.push({
            storyId: story.storyId,
            revision: {
              importId: `${commit}:${path}`,
              path: `${commit.slice(0, 12)}:${path}`,
              ...(isoTime(time) ? { revisionTime: isoTime(time)! } : {}),
              ...(author ? { editor: author } : {}),
              ...(note ? { note } : {}),
              format: story.format,
              change: status.startsWith('D') ? 'removed' : 'created',
              read: () => blobs.read(`${commit}:${path}`),
            },
          });
        }
      }
      return { stories: groupStories(entries), problems };
    },
    close: () => blobs.close(),
  };
}
