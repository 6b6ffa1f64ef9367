/**
 * YAML with source positions: the parsed value plus a way back from any path in it to the
 * line and column it came from, taken from the parser's syntax tree (not guessed by regex).
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml';
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
 * Flow collections (`[`, `{`) nested deeper than this are refused before the parser sees them:
 * the parser takes seconds over a few thousand levels, and its stack gives out. The course's
 * files nest three or four levels.
 */
export const MAX_FLOW_DEPTH = 64;
/**
 * At most this many values may be made by aliases (`*name`) in one file. An alias copies the
 * value of its anchor, so a few lines of aliases of aliases can stand for billions of values
 * (the "billion laughs"): the checks that walk the value would never end.
 */
export const MAX_ALIAS_VALUES = 10_000;

type Report = (rule: 'YamlSyntax' | 'YamlNesting' | 'YamlAlias', offset: number, message: string, opts?: { hint?: string; related?: { offset: number; message: string }[] }) => void;

/**
 * Parses `text` (or the slice `[start, end)` of it, for front matter) and reports syntax errors.
 * Returns null when the document cannot be used.
 */
export function parseYaml(src: SourceText, diags: Diagnostics, start = 0, end = src.text.length): YamlSource | null {
  const text = src.text.slice(start, end);
  const posAt = (offset: number): At => ({ file: src.file, ...src.position(start + offset) });
  const report: Report = (rule, offset, message, opts = {}) =>
    diags.report(rule, posAt(offset), message, {
      ...(opts.hint ? { hint: opts.hint } : {}),
      ...(opts.related ? { related: opts.related.map((r) => ({ ...posAt(r.offset), message: r.message })) } : {}),
    });

  const deep = flowTooDeep(text);
  if (deep !== null) {
    report('YamlNesting', deep, `The lists and maps written with [ and { are nested more than ${MAX_FLOW_DEPTH} levels deep here.`);
    return null;
  }
  // Duplicate keys are found below, in one pass: the parser's own check compares every key of a
  // map with every other, which takes half a minute over a file of 40,000 keys.
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  if (doc.errors.length) {
    reportSyntaxError(doc.errors, text, report);
    return null;
  }
  if (!duplicateKeys(doc, report) || !aliasesBounded(doc, report)) return null;
  let value: unknown;
  try {
    // The aliases were counted above; the parser's own count refuses ordinary files too.
    value = doc.toJS({ maxAliasCount: -1 });
  } catch (e) {
    report('YamlSyntax', 0, `YAML syntax error: ${(e as Error).message}.`);
    return null;
  }

  // The pairs of each map by key, made when first asked: a diagnostic per key of a large map
  // would otherwise search the map once per diagnostic.
  const keysOf = new Map<Node, Map<string, Pair<Node, Node | null>>>();
  const pairOf = (map: YAMLMap<unknown, unknown>, key: string) => {
    let index = keysOf.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) if (isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p as Pair<Node, Node | null>);
      keysOf.set(map, index);
    }
    return index.get(key);
  };
  const walk = (path: PathSegment[]): { node: Node | null; key: Node | null } => {
    let node = doc.contents as Node | null;
    let key: Node | null = null;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = pairOf(node, String(seg));
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

/**
 * Reports the syntax error a person has to fix: the first one in the file, at the line to
 * change. One mistake (an unclosed quote, a line indented one space too far) makes the parser
 * report several errors further on, and the first of those is often not where the mistake is.
 */
function reportSyntaxError(errors: YAMLError[], text: string, report: Report): void {
  const stackExhausted = errors.find((e) => /Maximum call stack size exceeded/.test(e.message));
  if (stackExhausted) {
    // Where the reader's stack gave out depends on the machine: point at the start of its line.
    let offset = text.lastIndexOf('\n', stackExhausted.pos[0] - 1) + 1;
    while (text[offset] === ' ') offset++;
    report('YamlNesting', offset, 'The lists and maps on this line are nested too deeply for the YAML reader.');
    return;
  }
  // A line indented further than its siblings continues the scalar above it, which makes that a
  // key over two lines: the parser reports the key's first line, but the line to fix is the next.
  const continued = new Set(errors.filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY').map((e) => e.pos[0]));
  const placed = errors
    .filter((e) => e.code === 'MULTILINE_IMPLICIT_KEY' || !continued.has(e.pos[0]))
    .map((e) => placeError(e, text));
  placed.sort((a, b) => a.offset - b.offset);
  const first = placed[0]!;
  report('YamlSyntax', first.offset, first.message);
}

function placeError(e: YAMLError, text: string): { offset: number; message: string } {
  const said = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (e.code === 'MULTILINE_IMPLICIT_KEY') {
    const lineEnd = text.indexOf('\n', e.pos[0]);
    if (lineEnd >= 0 && lineEnd < e.pos[1]) {
      let offset = lineEnd + 1;
      while (text[offset] === ' ' || text[offset] === '\t') offset++;
      const before = text.slice(e.pos[0], lineEnd).replace(/\r$/, '').trim();
      // The keys of the line above start after its indentation and any "- ".
      const lineStart = text.lastIndexOf('\n', e.pos[0] - 1) + 1;
      const keyColumn = /^[ ]*(?:-[ ]+)*/.exec(text.slice(lineStart, lineEnd))![0].length;
      if (offset - lineEnd - 1 > keyColumn) {
        return {
          offset,
          message: `YAML syntax error: this line is indented further than the keys above it, so it is read as the continuation of "${before}" instead of a key of its own.`,
        };
      }
      // Lined up with the keys above: it is the line above that is not a `key: value`.
      return { offset: e.pos[0], message: `YAML syntax error: "${before}" has no colon after its key, so the line below is read as part of it.` };
    }
  }
  if (e.code === 'MULTIPLE_DOCS') return { offset: e.pos[0], message: 'YAML syntax error: a line "---" starts a second document here; a course file holds one.' };
  if (e.code === 'MISSING_CHAR' && /Sequence item without - indicator/.test(said)) {
    let offset = e.pos[0];
    while (text[offset] === ' ') offset++;
    return { offset, message: 'YAML syntax error: this line is not lined up with the keys above it, so it is read as a list item without its "- ".' };
  }
  const quote = /^Missing closing (["'])quote/.exec(said)?.[1];
  if (e.code === 'MISSING_CHAR' && quote) {
    // The parser notices the missing quote where the text ends (the end of the file, often);
    // the quote to close is the one that opened it.
    const opened = openingQuote(text, e.pos[0], quote);
    if (opened !== null) return { offset: opened, message: `YAML syntax error: the text that starts with ${quote} here is never closed with a matching ${quote}.` };
  }
  return { offset: e.pos[0], message: `YAML syntax error: ${said}.` };
}

/**
 * Where the unclosed quoted text that runs up to `end` starts. Inside "…" nothing but `\"` is a
 * quote, so the opening one is the last quote before `end` not escaped by a backslash; inside
 * '…' a quote is written twice, so it is the first of the last run of an odd number of quotes.
 */
function openingQuote(text: string, end: number, quote: string): number | null {
  for (let i = Math.min(end, text.length) - 1; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (quote === '"') {
      let slashes = 0;
      while (text[i - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 0) return i;
    } else {
      let run = 1;
      while (text[i - run] === "'") run++;
      if (run % 2 === 1) return i - run + 1;
      i -= run - 1;
    }
  }
  return null;
}

/**
 * The offset of the `[` or `{` that nests flow collections deeper than MAX_FLOW_DEPTH, or null.
 * A rough reading (quoted text and comments skipped, brackets counted) that is enough to keep a
 * pathological file from the parser; an ordinary file never comes near the limit.
 */
function flowTooDeep(text: string): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const prev = i === 0 ? '\n' : text[i - 1]!;
    if (ch === '#' && /\s/.test(prev)) {
      const eol = text.indexOf('\n', i);
      if (eol < 0) break;
      i = eol;
    } else if ((ch === '"' || ch === "'") && /[\s[{,:]/.test(prev)) {
      for (i++; i < text.length; i++) {
        if (ch === '"' && text[i] === '\\') i++;
        else if (text[i] === ch) {
          if (ch === "'" && text[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (ch === '[' || ch === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if ((ch === ']' || ch === '}') && depth > 0) depth--;
  }
  return null;
}

/** Reports each key written twice in one map, naming the first; true when there is none. */
function duplicateKeys(doc: Document, report: Report): boolean {
  let found = 0;
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, Node>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        // The first few show the mistake; a file of thousands would print for minutes.
        if (first && ++found <= MAX_DUPLICATES_REPORTED) {
          report('YamlSyntax', pair.key.range?.[0] ?? 0, `YAML syntax error: the key "${key}" appears twice in this map.`, {
            hint: 'Each key appears once in a map; remove or rename the second one.',
            related: [{ offset: first.range?.[0] ?? 0, message: 'first written here' }],
          });
        } else if (!first) seen.set(key, pair.key);
      }
    },
  });
  return found === 0;
}

const MAX_DUPLICATES_REPORTED = 20;

/**
 * Counts the values the aliases of `doc` stand for, as turning it into data would copy them, and
 * reports the alias that takes the count over MAX_ALIAS_VALUES, one that names no anchor, and one
 * inside the value it names (which never ends). True when the aliases can be expanded.
 */
function aliasesBounded(doc: Document, report: Report): boolean {
  // An alias names the last anchor of that name before it, as the parser resolves it.
  const anchors = new Map<string, Node>();
  const aliases: { alias: Alias; target: Node | undefined }[] = [];
  visit(doc, {
    Node(_, node) {
      if (isAlias(node)) aliases.push({ alias: node, target: anchors.get(node.source) });
      else if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  if (!aliases.length) return true;
  const targets = new Map(aliases.map((a) => [a.alias, a.target]));
  const sizes = new Map<unknown, number>();
  const open = new Set<unknown>();
  class Cycle extends Error {}
  const measure = (n: unknown): number => {
    if (isAlias(n)) {
      const target = targets.get(n);
      return target ? measure(target) : 1;
    }
    if (!isMap(n) && !isSeq(n)) return 1;
    const known = sizes.get(n);
    if (known !== undefined) return known;
    if (open.has(n)) throw new Cycle();
    open.add(n);
    let total = 1;
    for (const item of n.items as unknown[]) total += isPair(item) ? measure(item.key) + measure(item.value) : measure(item);
    open.delete(n);
    total = Math.min(total, MAX_ALIAS_VALUES + 1);
    sizes.set(n, total);
    return total;
  };
  let made = 0;
  for (const { alias, target } of aliases) {
    const at = alias.range?.[0] ?? 0;
    if (!target) {
      report('YamlAlias', at, `The alias *${alias.source} names no anchor &${alias.source} written before it.`, { hint: 'Write `&name` on the value before using it as `*name`, or write the value out.' });
      return false;
    }
    try {
      made += measure(alias);
    } catch (e) {
      if (!(e instanceof Cycle)) throw e;
      report('YamlAlias', at, `The alias *${alias.source} stands for a value that contains the alias itself, which never ends.`, { related: [{ offset: target.range?.[0] ?? 0, message: `&${alias.source} is here` }] });
      return false;
    }
    if (made > MAX_ALIAS_VALUES) {
      report('YamlAlias', at, `The aliases up to this *${alias.source} stand for more than ${MAX_ALIAS_VALUES.toLocaleString('en')} values, the most a course file may make through aliases; this is how an "alias bomb" (billion laughs) looks.`);
      return false;
    }
  }
  return true;
}
