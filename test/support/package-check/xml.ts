/**
 * A small namespace-aware XML reader for the two documents the check reads (imsmanifest.xml,
 * cmi5.xml), keeping the line of every element so a finding can point at it. It reads only
 * documents xmllint has already parsed; it still refuses what it does not understand (an
 * entity other than XML's five, a DTD's internal subset) rather than guess.
 */

export interface XmlElement {
  /** Namespace URI, '' when none. */
  ns: string;
  local: string;
  /** Attributes by `local` (no namespace) or `{uri}local`. */
  attrs: Map<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element. */
  text: string;
  line: number;
}

export class XmlReadError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

const nameRe = /[A-Za-z_\u00c0-\uffff][\w.\-:\u00b7\u00c0-\uffff]*/y;

export function parseXml(src: string): XmlElement {
  const text = src.replace(/^\uFEFF/, '');
  let i = 0;
  const lineAt = (at: number) => {
    let n = 1;
    for (let k = 0; k < at; k++) if (text.charCodeAt(k) === 10) n++;
    return n;
  };
  const fail = (msg: string): never => {
    throw new XmlReadError(msg, lineAt(i));
  };
  const decode = (s: string) =>
    s.replace(/&([^;]*);/g, (m, e: string) => {
      if (e in predefined) return predefined[e]!;
      const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(e);
      if (num) return String.fromCodePoint(num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2]!, 10));
      return fail(`the entity ${m} is not one of XML's five predefined entities.`);
    });

  interface Open {
    qname: string;
    el: XmlElement;
    scope: Map<string, string>;
  }
  const stack: Open[] = [];
  let root: XmlElement | undefined;
  let scope = new Map<string, string>([['xml', XML_NS]]);
  // Lines are counted incrementally: `line` is the line of `lineFrom`.
  let line = 1;
  let lineFrom = 0;
  const lineOf = (at: number) => {
    for (let k = lineFrom; k < at; k++) if (text.charCodeAt(k) === 10) line++;
    lineFrom = at;
    return line;
  };

  while (i < text.length) {
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      const chunk = text.slice(i, end < 0 ? text.length : end);
      const top = stack[stack.length - 1];
      if (top) top.el.text += decode(chunk);
      else if (chunk.trim()) fail('text outside the root element.');
      i = end < 0 ? text.length : end;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) fail('a comment is never closed.');
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0) fail('a CDATA section is never closed.');
      const top = stack[stack.length - 1];
      if (!top) fail('CDATA outside the root element.');
      top!.el.text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) fail('a processing instruction is never closed.');
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!DOCTYPE', i)) {
      const end = text.indexOf('>', i);
      if (end < 0 || text.slice(i, end).includes('[')) fail('a document type declaration with an internal subset, which this reader does not expand.');
      i = end + 1;
      continue;
    }
    if (text.startsWith('</', i)) {
      const m = /<\/([^\s>]+)\s*>/y;
      m.lastIndex = i;
      const close = m.exec(text);
      const top = stack.pop();
      if (!close || !top || top.qname !== close[1]) fail(`a closing tag that does not match <${top?.qname ?? ''}>.`);
      scope = stack[stack.length - 1]?.scope ?? new Map([['xml', XML_NS]]);
      i += close![0].length;
      continue;
    }
    // Start tag.
    const at = i;
    nameRe.lastIndex = i + 1;
    const nm = nameRe.exec(text);
    if (!nm) fail('a "<" that starts no element.');
    const qname = nm![0];
    i = nameRe.lastIndex;
    const raw: [string, string][] = [];
    let empty = false;
    for (;;) {
      while (/\s/.test(text[i] ?? '')) i++;
      if (text.startsWith('/>', i)) {
        empty = true;
        i += 2;
        break;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      nameRe.lastIndex = i;
      const an = nameRe.exec(text);
      if (!an) fail(`a malformed attribute in <${qname}>.`);
      i = nameRe.lastIndex;
      const eq = /\s*=\s*(["'])/y;
      eq.lastIndex = i;
      const q = eq.exec(text);
      if (!q) fail(`the attribute ${an![0]} of <${qname}> has no quoted value.`);
      i = eq.lastIndex;
      const close = text.indexOf(q![1]!, i);
      if (close < 0) fail(`the value of ${an![0]} in <${qname}> is never closed.`);
      // Attribute-value normalisation: white space characters become spaces.
      raw.push([an![0], decode(text.slice(i, close)).replace(/[\t\n\r]/g, ' ')]);
      i = close + 1;
    }
    const parentScope = scope;
    for (const [n, v] of raw) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) {
        if (scope === parentScope) scope = new Map(parentScope);
        scope.set(n === 'xmlns' ? '' : n.slice(6), v);
      }
    }
    const split = (q: string, isAttr: boolean): [string, string] => {
      const c = q.indexOf(':');
      if (c < 0) return [isAttr ? '' : (scope.get('') ?? ''), q];
      const uri = scope.get(q.slice(0, c));
      if (uri === undefined) return fail(`the prefix of ${q} is not declared.`);
      return [uri, q.slice(c + 1)];
    };
    const attrs = new Map<string, string>();
    for (const [n, v] of raw) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) continue;
      const [ns, local] = split(n, true);
      attrs.set(ns ? `{${ns}}${local}` : local, v);
    }
    const [ns, local] = split(qname, false);
    const el: XmlElement = { ns, local, attrs, children: [], text: '', line: lineOf(at) };
    const parent = stack[stack.length - 1];
    if (parent) parent.el.children.push(el);
    else if (root) fail('a second root element.');
    else root = el;
    if (empty) scope = parentScope;
    else stack.push({ qname, el, scope });
  }
  if (stack.length) fail(`<${stack[stack.length - 1]!.qname}> is never closed.`);
  if (!root) return fail('the document has no root element.');
  return root;
}

/** Child elements with this namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter((c) => c.ns === ns && c.local === local);
}

export function childNamed(el: XmlElement | undefined, ns: string, local: string): XmlElement | undefined {
  return el?.children.find((c) => c.ns === ns && c.local === local);
}

/** The element and all its descendants, in document order. */
export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}

export function attr(el: XmlElement, local: string, ns = ''): string | undefined {
  return el.attrs.get(ns ? `{${ns}}${local}` : local);
}
