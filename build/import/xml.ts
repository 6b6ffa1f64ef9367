/**
 * A small XML parser for the parts of an untrusted OOXML package. Our own rather than a
 * dependency because what it must refuse matters more than what it accepts: a document type
 * declaration (the door to external entities and "billion laughs" expansion) is an error,
 * only the five predefined entities and character references are decoded, and nothing is ever
 * fetched. It handles what Office, LibreOffice and Google write: the XML declaration,
 * processing instructions, comments, CDATA, single- and double-quoted attributes.
 *
 * Names are resolved against their namespaces and given the usual OOXML prefixes (`p:sp`,
 * `a:t`, `r:id`), whatever prefix the writer chose; the Strict OOXML namespaces map to the
 * same prefixes as the Transitional ones.
 */

export interface XmlElement {
  /** Canonical qualified name, e.g. `p:sld`; `{uri}local` for namespaces not in the table. */
  name: string;
  attrs: Record<string, string>;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string;

/** Why a part was refused; `rule` is the diagnostic's rule id. */
export class XmlError extends Error {
  constructor(
    readonly rule: 'XmlDoctype' | 'XmlMalformed',
    message: string,
  ) {
    super(message);
  }
}

const prefixes: Record<string, string> = {
  'http://schemas.openxmlformats.org/presentationml/2006/main': 'p',
  'http://purl.oclc.org/ooxml/presentationml/main': 'p',
  'http://schemas.openxmlformats.org/drawingml/2006/main': 'a',
  'http://purl.oclc.org/ooxml/drawingml/main': 'a',
  'http://schemas.openxmlformats.org/drawingml/2006/chart': 'c',
  'http://purl.oclc.org/ooxml/drawingml/chart': 'c',
  'http://schemas.openxmlformats.org/officeDocument/2006/relationships': 'r',
  'http://purl.oclc.org/ooxml/officeDocument/relationships': 'r',
  'http://schemas.openxmlformats.org/package/2006/relationships': 'rel',
  'http://schemas.openxmlformats.org/package/2006/content-types': 'ct',
  'http://schemas.openxmlformats.org/spreadsheetml/2006/main': 's',
  'http://purl.oclc.org/ooxml/spreadsheetml/main': 's',
  'http://schemas.openxmlformats.org/package/2006/metadata/core-properties': 'cp',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://schemas.openxmlformats.org/officeDocument/2006/extended-properties': 'ep',
  'http://purl.oclc.org/ooxml/officeDocument/extendedProperties': 'ep',
  'http://schemas.openxmlformats.org/markup-compatibility/2006': 'mc',
  // PowerPoint 2010's extensions: where a slide's recorded audio or video is embedded (p14:media).
  'http://schemas.microsoft.com/office/powerpoint/2010/main': 'p14',
  'http://www.w3.org/XML/1998/namespace': 'xml',
};

/** Deepest nesting accepted; OOXML parts are a few dozen levels deep. */
const MAX_DEPTH = 512;

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character data as written (`&amp;`, `&#x41;`…) → the text. Throws `XmlError`, placed by `where`. */
export function decodeXmlText(s: string, where: () => string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]*);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new XmlError('XmlMalformed', `${where()}: a "&" that starts no entity.`);
    if (e in predefined) return predefined[e]!;
    const num = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(e);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2]!, 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new XmlError('XmlMalformed', `${where()}: the character reference "${m}" names no character.`);
      return String.fromCodePoint(cp);
    }
    throw new XmlError('XmlMalformed', `${where()}: the entity "&${e};" is not one of XML's five; entities from a DTD are never expanded.`);
  });
}

const nameRe = /^[A-Za-z_\u00c0-\uffff][\w.\-:\u00b7\u00c0-\uffff]*/;

/** Parses one part. `part` names it in error messages. Throws `XmlError`. */
export function parseXml(text: string, part: string): XmlElement {
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  const line = () => src.slice(0, i).split('\n').length;
  const where = () => `${part}, line ${line()}`;
  const fail = (msg: string): never => {
    throw new XmlError('XmlMalformed', `${where()}: ${msg}`);
  };
  interface Open {
    raw: string;
    el: XmlElement;
    ns: Map<string, string>;
    rawAttrs: [string, string][];
  }
  const root: XmlElement = { name: '#document', attrs: {}, children: [] };
  const stack: Open[] = [{ raw: '#document', el: root, ns: new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]), rawAttrs: [] }];
  let seenRoot = false;
  const resolve = (qname: string, ns: Map<string, string>, isAttr: boolean): string => {
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const local = colon < 0 ? qname : qname.slice(colon + 1);
    if (isAttr && !prefix) return local;
    const uri = ns.get(prefix);
    if (uri === undefined) {
      if (!prefix) return local;
      return fail(`the prefix "${prefix}" of <${qname}> is not declared.`);
    }
    const canonical = prefixes[uri];
    return canonical ? `${canonical}:${local}` : `{${uri}}${local}`;
  };
  while (i < src.length) {
    const lt = src.indexOf('<', i);
    if (lt !== i) {
      const end = lt < 0 ? src.length : lt;
      const raw = src.slice(i, end);
      if (stack.length === 1) {
        if (raw.trim()) fail('text outside the root element.');
      } else stack[stack.length - 1]!.el.children.push(decodeXmlText(raw, where));
      i = end;
      continue;
    }
    if (src.startsWith('<!--', i)) {
      const end = src.indexOf('-->', i + 4);
      if (end < 0) fail('a comment is never closed.');
      i = end + 3;
      continue;
    }
    if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i + 9);
      if (end < 0) fail('a CDATA section is never closed.');
      if (stack.length === 1) fail('CDATA outside the root element.');
      stack[stack.length - 1]!.el.children.push(src.slice(i + 9, end));
      i = end + 3;
      continue;
    }
    if (/^<!DOCTYPE/i.test(src.slice(i, i + 9)) || src.startsWith('<!ENTITY', i)) {
      throw new XmlError('XmlDoctype', `${where()}: the part declares a document type (<!DOCTYPE>). OOXML never does; a DTD can pull in external files or expand entities without limit, so the file is refused.`);
    }
    if (src.startsWith('<!', i)) fail('a markup declaration ("<!") that XML documents do not contain.');
    if (src.startsWith('<?', i)) {
      const end = src.indexOf('?>', i + 2);
      if (end < 0) fail('a processing instruction is never closed.');
      i = end + 2;
      continue;
    }
    if (src.startsWith('</', i)) {
      const m = /^<\/([^\s>]+)\s*>/.exec(src.slice(i, i + 300));
      if (!m) fail('a malformed closing tag.');
      const top = stack[stack.length - 1]!;
      if (stack.length === 1 || top.raw !== m![1]) fail(`</${m![1]}> closes <${top.raw}>.`);
      stack.pop();
      i += m![0].length;
      continue;
    }
    // A start tag: name, attributes, optional "/".
    i++;
    const nm = nameRe.exec(src.slice(i, i + 300));
    if (!nm) fail('a "<" that starts no element.');
    const raw = nm![0];
    i += raw.length;
    const rawAttrs: [string, string][] = [];
    let selfClosing = false;
    for (;;) {
      const ws = /^\s*/.exec(src.slice(i, i + 1000))![0];
      i += ws.length;
      if (src.startsWith('/>', i)) {
        selfClosing = true;
        i += 2;
        break;
      }
      if (src[i] === '>') {
        i++;
        break;
      }
      if (!ws) fail(`attributes of <${raw}> must be separated by spaces.`);
      const an = nameRe.exec(src.slice(i, i + 300));
      if (!an) fail(`a malformed attribute in <${raw}>.`);
      i += an![0].length;
      const eq = /^\s*=\s*(["'])/.exec(src.slice(i, i + 100));
      if (!eq) fail(`the attribute ${an![0]} of <${raw}> has no quoted value.`);
      i += eq![0].length;
      const close = src.indexOf(eq![1]!, i);
      if (close < 0) fail(`the value of ${an![0]} in <${raw}> is never closed.`);
      const value = src.slice(i, close);
      if (value.includes('<')) fail(`the value of ${an![0]} in <${raw}> contains "<".`);
      if (rawAttrs.some(([n]) => n === an![0])) fail(`<${raw}> has the attribute ${an![0]} twice.`);
      rawAttrs.push([an![0], decodeXmlText(value, where).replace(/[\t\n\r]/g, ' ')]);
      i = close + 1;
    }
    const parent = stack[stack.length - 1]!;
    if (stack.length === 1) {
      if (seenRoot) fail('a second root element.');
      seenRoot = true;
    }
    let ns = parent.ns;
    for (const [n, v] of rawAttrs) {
      if (n === 'xmlns' || n.startsWith('xmlns:')) {
        if (ns === parent.ns) ns = new Map(parent.ns);
        ns.set(n === 'xmlns' ? '' : n.slice(6), v);
      }
    }
    const attrs: Record<string, string> = {};
    for (const [n, v] of rawAttrs) if (n !== 'xmlns' && !n.startsWith('xmlns:')) attrs[resolve(n, ns, true)] = v;
    const el: XmlElement = { name: resolve(raw, ns, false), attrs, children: [] };
    parent.el.children.push(el);
    if (!selfClosing) {
      if (stack.length > MAX_DEPTH) fail(`elements are nested more than ${MAX_DEPTH} deep.`);
      stack.push({ raw, el, ns, rawAttrs });
    }
  }
  if (stack.length > 1) fail(`<${stack[stack.length - 1]!.raw}> is never closed.`);
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!top) fail('the part has no root element.');
  return top!;
}

/** Child elements. */
export function kids(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function kid(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === name);
}

/** Every descendant with this name, in document order (not descending into matches). */
export function findAll(el: XmlElement, name: string, opts: { into?: boolean } = {}): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (x: XmlElement) => {
    for (const c of x.children) {
      if (typeof c === 'string') continue;
      if (c.name === name) {
        out.push(c);
        if (!opts.into) continue;
      }
      walk(c);
    }
  };
  walk(el);
  return out;
}

export function find(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    if (c.name === name) return c;
    const d = find(c, name);
    if (d) return d;
  }
  return undefined;
}

/** Concatenated character data of an element and its descendants. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
