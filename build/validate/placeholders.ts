/**
 * Organisation placeholders (`{{org.companyName}}`) are Handlebars expressions. Only plain
 * `org.<key>` lookups are allowed, so a customer's variant can fill them in and nothing in the
 * sources can run helpers or partials. A value is always text: Handlebars' unescaped forms
 * (`{{{org.x}}}`, `{{&org.x}}`) are refused, and filled like `{{org.x}}` should one get past
 * the check, so a company name can never put markup into the page.
 */
import Handlebars from 'handlebars';
import { didYouMean, type Diagnostics } from '../diagnostics.ts';
import { keySource } from '../../player/spec/identifiers.ts';
import type { Course, Lang } from '../model.ts';

const orgPlaceholder = new RegExp(`^org\\.(${keySource})$`);

type HbsNode = hbs.AST.Node & { path?: hbs.AST.PathExpression; params?: unknown[]; hash?: unknown; program?: hbs.AST.Program; inverse?: hbs.AST.Program };

/** Reports unknown keys and unsupported expressions; `start` is the text's offset in `file`. */
export function checkPlaceholders(text: string, file: string, start: number, orgKeys: string[], diags: Diagnostics): void {
  if (!text.includes('{{')) return;
  const src = diags.sources.get(file);
  const at = (needle: string, from: number) => {
    const found = src ? src.text.indexOf(needle, from) : -1;
    const offset = found >= 0 ? found : start;
    return { file, ...(src ? src.position(offset) : { line: 0, column: 0 }) };
  };
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(text);
  } catch (e) {
    const first = String((e as Error).message).split('\n')[0];
    diags.report('InvalidPlaceholder', at('{{', start), `A placeholder cannot be read: ${first}.`);
    return;
  }
  let cursor = start;
  const visit = (nodes: hbs.AST.Statement[]) => {
    for (const node of nodes as HbsNode[]) {
      if (node.type === 'ContentStatement' || node.type === 'CommentStatement') continue;
      const original = node.path?.original ?? '';
      const found = src ? src.text.indexOf(original || '{{', cursor) : -1;
      const place = at(original ? original : '{{', cursor);
      cursor = Math.max(cursor, found + 1);
      if (node.type !== 'MustacheStatement' || (node.params?.length ?? 0) > 0 || node.hash) {
        diags.report('InvalidPlaceholder', place, `"${original || node.type}" is not a supported placeholder.`);
        if (node.program) visit(node.program.body);
        if (node.inverse) visit(node.inverse.body);
        continue;
      }
      if ((node as hbs.AST.MustacheStatement).escaped === false) {
        // The caret goes under the opening braces: they, not the name, are what is wrong.
        const opening = src && found >= 0 ? openingBraces(src.text, found) : -1;
        const written = opening >= 0 ? (/^\{\{~?(?:\{[^}]*\}~?\}\}|&[^}]*\}\})/.exec(src!.text.slice(opening))?.[0] ?? null) : null;
        diags.report(
          'UnescapedPlaceholder',
          opening >= 0 ? { file, ...src!.position(opening) } : place,
          `"${written ?? `{{{${original}}}}`}" would put the value into the page as HTML; write "{{${original}}}".`,
        );
      }
      const m = orgPlaceholder.exec(original);
      if (!m) {
        diags.report('InvalidPlaceholder', place, `"{{${original}}}" is not a supported placeholder; use {{org.<key>}}.${didYouMean(original.replace(/^org\./, ''), orgKeys).replace(/"([^"]+)"/g, '"org.$1"')}`);
      } else if (!orgKeys.includes(m[1]!)) {
        diags.report('UnknownPlaceholder', place, `The placeholder "{{${original}}}" names "${m[1]}", which is not under organisation in course.yaml.${didYouMean(m[1]!, orgKeys)}`);
      }
    }
  };
  visit(ast.body);
}

/** Where the braces open that come before `at`, the name inside them: `{{{` and `{{&` included. */
function openingBraces(text: string, at: number): number {
  let i = text.lastIndexOf('{{', at);
  while (i > 0 && text[i - 1] === '{') i--;
  return i;
}

/** The values `{{org.<key>}}` stands for in one language: what fillPlaceholders fills in. */
export function organisationValues(course: Course, lang: Lang): Record<string, string> {
  return Object.fromEntries(Object.entries(course.organisation).map(([key, v]) => [key, v[lang] ?? '']));
}

/**
 * Fills `{{org.<key>}}` with the organisation's value. For Markdown and HTML the value is
 * escaped as Handlebars escapes `{{…}}`, and so is a `{{{…}}}` or `{{&…}}` (the checks refuse
 * them; should one get this far, it is not let through as markup), so a company name can never
 * inject markup; for plain text it is inserted as is. Only plain `org.<key>` lookups exist
 * (checkPlaceholders), so the text is filled from Handlebars' own parse of it, with its
 * escapes (`\{{`) and whitespace control: compiling a template per text cost a tenth of a
 * build.
 */
export function fillPlaceholders(text: string, values: Record<string, string>, mode: 'html' | 'text', mark?: (key: string, shown: string) => string): string {
  if (!text.includes('{{')) return text;
  let out = '';
  for (const node of Handlebars.parse(text).body) {
    if (node.type === 'ContentStatement') out += (node as hbs.AST.ContentStatement).value;
    else if (node.type === 'CommentStatement') continue;
    else {
      const path = node.type === 'MustacheStatement' ? ((node as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression).original : '';
      const key = orgPlaceholder.exec(path ?? '')?.[1];
      const value = key !== undefined && Object.hasOwn(values, key) ? values[key]! : undefined;
      if (value === undefined) throw new Error(`"${path || node.type}" is not a known placeholder (the checks should have reported it).`);
      const shown = startsSentence(out) ? capitalised(value) : value;
      const written = mode === 'html' ? Handlebars.Utils.escapeExpression(shown) : shown;
      out += mark ? mark(key!, written) : written;
    }
  }
  return out;
}

/**
 * Whether a value written after `before` starts a sentence: nothing before it on its line but
 * Markdown's markers (a list item, a heading, a quote, emphasis), or the end of a sentence.
 * The neutral defaults are lower case ("our company") and read as names mid-sentence.
 */
function startsSentence(before: string): boolean {
  const nl = before.lastIndexOf('\n');
  const line = before.slice(nl + 1);
  // After the end of a sentence, or at the start of a table cell.
  if (/(?:[.!?]["'”’)\]]*[ \t]+|\|[ \t]*)[*_"'“‘(\[]*$/u.test(line)) return true;
  const start = /^[ \t]*((?:(?:[-*+]|\d+[.)]|#{1,6}|>)[ \t]+)*)[*_"'“‘(\[]*$/u.exec(line);
  if (!start) return false;
  if (start[1]) return true;
  // A bare line start continues the paragraph above unless that one ended (a blank line, a sentence end).
  const above = before.slice(0, Math.max(nl, 0));
  // …or ended in a hard line break (two spaces or a backslash).
  return !above.trim() || /\n[ \t]*$/.test(above) || /(?: {2,}|\\)$/.test(above) || /[.!?]["'”’)\]]*$/u.test(above.trimEnd());
}

/** The value with a capital first letter, in languages that have capitals. */
function capitalised(value: string): string {
  const first = String.fromCodePoint(value.codePointAt(0) ?? 0);
  return /^\p{Ll}$/u.test(first) ? first.toUpperCase() + value.slice(first.length) : value;
}
