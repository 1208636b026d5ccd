// An Archive for a long-running writer (the embedded pipeline of `redline start`): canonical
// texts it wrote or read lately stay in memory, so the next revision of a story compares with its
// previous content without reading it back. Canonical text is addressed by its hash and never
// changes — but a reader that checks the archive (verify, evidence bundles) must see what the
// bucket holds, so only ingest uses this; every other use case reads the Archive it wraps.
import type { Archive } from '../ports.ts';

/** Characters of canonical text kept (about 8 MB of UTF-16 strings). */
const DEFAULT_BUDGET_CHARS = 4_000_000;

export class RecentCanonicalArchive implements Archive {
  /** sha256 → canonical text, least recently used first. */
  private readonly recent = new Map<string, string>();
  private chars = 0;

  constructor(
    private readonly archive: Archive,
    private readonly budgetChars = DEFAULT_BUDGET_CHARS,
  ) {}

  async putCanonical(sha256: string, text: string): Promise<void> {
    await this.archive.putCanonical(sha256, text);
    this.remember(sha256, text);
  }

  async getCanonical(sha256: string): Promise<string | undefined> {
    const remembered = this.recent.get(sha256);
    if (remembered !== undefined) {
      this.remember(sha256, remembered);
      return remembered;
    }
    const text = await this.archive.getCanonical(sha256);
    if (text !== undefined) this.remember(sha256, text);
    return text;
  }

  putBlob(key: string, body: string): Promise<void> {
    return this.archive.putBlob(key, body);
  }

  getBlob(key: string): Promise<string | undefined> {
    return this.archive.getBlob(key);
  }

  private remember(sha256: string, text: string): void {
    const previous = this.recent.get(sha256);
    if (previous !== undefined) {
      this.recent.delete(sha256);
      this.chars -= previous.length;
    }
    if (text.length > this.budgetChars / 4) return;
    this.recent.set(sha256, text);
    this.chars += text.length;
    for (const [oldest, old] of this.recent) {
      if (this.chars <= this.budgetChars) break;
      this.recent.delete(oldest);
      this.chars -= old.length;
    }
  }
}
