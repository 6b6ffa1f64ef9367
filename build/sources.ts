/**
 * A course folder in memory: what `compile` reads instead of the disk. The CLI and watch mode
 * read it from content/; the importer lays the files it would write over it and checks the
 * result without copying anything; tests build one from a few strings.
 */
import path from 'node:path';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/**
 * Something in the folder that is not an ordinary file the build may read, met while reading the
 * folder and never read: the loaders report each one (build/load/index.ts), naming it.
 */
export interface SkippedEntry {
  /** Path relative to the root with `/` separators; for a file name that cannot be printed, the folder it is in. */
  path: string;
  /**
   * `symlink`: a symbolic link, never followed (it may point outside the folder); `special`: a
   * named pipe, socket or device; `unreadable`: the system refused to read it; `name`: a file
   * name that is not UTF-8 or holds control characters; `large`: a file too large to read.
   */
  kind: 'symlink' | 'special' | 'unreadable' | 'name' | 'large';
  /** `unreadable`: the system's error code; `name`: the name with its odd characters escaped; `large`: the size in bytes. */
  detail?: string;
}

export class SourceTree {
  /**
   * @param root the folder the files came from; diagnostics name `root/<path>`.
   * @param files file contents by path relative to `root`, with `/` separators.
   * @param skipped what reading the folder met and did not read (links, pipes, odd names).
   */
  constructor(
    readonly root: string,
    readonly files: ReadonlyMap<string, Uint8Array>,
    readonly skipped: readonly SkippedEntry[] = [],
  ) {}

  /** A tree from texts and bytes, for tests and for edits laid over a tree. */
  static from(root: string, files: Record<string, string | Uint8Array>): SourceTree {
    return new SourceTree(root, new Map(Object.entries(files).map(([p, c]) => [p, typeof c === 'string' ? encoder.encode(c) : c])));
  }

  /** The absolute file name of `rel`, as diagnostics print it. */
  abs(rel: string): string {
    return rel ? path.join(this.root, ...rel.split('/')) : this.root;
  }

  has(rel: string): boolean {
    return this.files.has(rel);
  }

  bytes(rel: string): Uint8Array | null {
    return this.files.get(rel) ?? null;
  }

  /**
   * The file as UTF-8 text without a byte-order mark, or null when there is no such file. Bytes
   * that are not UTF-8 become U+FFFD: the loaders read sources through build/load/text.ts,
   * which refuses them instead.
   */
  text(rel: string): string | null {
    const b = this.files.get(rel);
    return b ? decoder.decode(b).replace(/^\uFEFF/, '') : null;
  }

  /** Whether any file lies under the folder `rel`. */
  hasDir(rel: string): boolean {
    const prefix = `${rel}/`;
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }

  /** Names of the folders directly under `rel` that hold files, sorted. */
  dirs(rel: string): string[] {
    const prefix = rel ? `${rel}/` : '';
    const out = new Set<string>();
    for (const p of this.files.keys()) {
      if (!p.startsWith(prefix)) continue;
      const rest = p.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash > 0) out.add(rest.slice(0, slash));
    }
    return [...out].sort();
  }

  /** Names of the files directly in `rel`, sorted. */
  list(rel: string): string[] {
    const prefix = rel ? `${rel}/` : '';
    const out: string[] = [];
    for (const p of this.files.keys()) if (p.startsWith(prefix) && !p.slice(prefix.length).includes('/')) out.push(p.slice(prefix.length));
    return out.sort();
  }

  /** This tree with `edits` written over it (paths relative to the root). */
  with(edits: Iterable<{ path: string; contents: Uint8Array }>): SourceTree {
    const files = new Map(this.files);
    for (const e of edits) files.set(e.path, e.contents);
    return new SourceTree(this.root, files, this.skipped.filter((s) => !files.has(s.path)));
  }

  /** This tree without the files under the folders `rels`. */
  without(rels: string[]): SourceTree {
    const prefixes = rels.map((r) => `${r}/`);
    const kept = (p: string) => !prefixes.some((x) => p.startsWith(x) || `${p}/` === x);
    return new SourceTree(this.root, new Map([...this.files].filter(([p]) => kept(p))), this.skipped.filter((s) => kept(s.path)));
  }
}
