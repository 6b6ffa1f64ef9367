/**
 * YAML with source positions: the parsed value plus a way back from any path in it to the
 * line and column it came from, taken from the parser's syntax tree (not guessed by regex).
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { At, Diagnostics, SourceText } from '../diagnostics.ts';

export type PathSegment = string | number;

export interface YamlSource {
  file: string;
  value: unknown;
  /** Position of the value at `path`, or of its nearest existing ancestor. */
  at(path: PathSegment[]): At;
  /** Position of the key of the map entry at `path` (falls back to `at`). */
  keyAt(path: PathSegment[]): At;
  /** Offset in the file where the value at `path` starts, for searching inside it. */
  offset(path: PathSegment[]): number;
  /** The parsed value at `path`, or undefined. */
  valueAt(path: PathSegment[]): unknown;
}

/**
 * Parses `text` (or the slice `[start, end)` of it, for front matter) and reports syntax errors.
 * Returns null when the document cannot be used.
 */
export function parseYaml(src: SourceText, diags: Diagnostics, start = 0, end = src.text.length): YamlSource | null {
  const doc = parseDocument(src.text.slice(start, end), { prettyErrors: false, uniqueKeys: true });
  const posAt = (offset: number): At => ({ file: src.file, ...src.position(start + offset) });
  for (const e of doc.errors) {
    const hint = e.code === 'DUPLICATE_KEY' ? 'Each key appears once in a map; remove or rename the second one.' : undefined;
    diags.report('YamlSyntax', posAt(e.pos[0]), `YAML syntax error: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}.`, hint ? { hint } : {});
  }
  if (doc.errors.length) return null;

  const walk = (path: PathSegment[]): { node: Node | null; key: Node | null } => {
    let node = doc.contents as Node | null;
    let key: Node | null = null;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        key = pair.key as Node;
        node = (pair.value as Node | null) ?? key;
      } else if (isSeq(node)) {
        const item = node.items[Number(seg)] as Node | undefined;
        if (!item) break;
        key = null;
        node = item;
      } else break;
    }
    return { node, key };
  };
  const offsetOf = (n: Node | null) => n?.range?.[0] ?? 0;
  const value: unknown = doc.toJS();
  return {
    file: src.file,
    value,
    valueAt: (path) => path.reduce<unknown>((v, seg) => (v as Record<string | number, unknown> | undefined)?.[seg], value),
    at: (path) => posAt(offsetOf(walk(path).node)),
    keyAt: (path) => {
      const w = walk(path);
      return posAt(offsetOf(w.key ?? w.node));
    },
    offset: (path) => start + offsetOf(walk(path).node),
  };
}

/** `questions[3].choices[1].id`: how a path reads in a message. */
export function describePath(path: PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out || 'the document';
}
