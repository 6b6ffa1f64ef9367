/**
 * Checks a parsed YAML document against its JSON Schema (the same file editors use for
 * autocompletion) and turns each violation into a diagnostic at the right line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../paths.ts';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { didYouMean, type Diagnostics } from '../diagnostics.ts';
import { describePath, type PathSegment, type YamlSource } from './yaml.ts';
import { identifiers } from '../../player/spec/identifiers.ts';

export type SchemaName = 'course' | 'ui' | 'survey' | 'questions' | 'lesson' | 'variant' | 'variant-survey' | 'edition';

const schemaDir = path.join(projectRoot, 'build', 'schemas');
const schemaNames = ['course', 'ui', 'survey', 'questions', 'lesson', 'variant', 'variant-survey', 'edition'] as const satisfies readonly SchemaName[];
let validators: Map<SchemaName, ValidateFunction> | null = null;

/**
 * Compiling the schemas is the largest part of loading a course in a fresh process (about
 * 0.15 s of a build), so the validators ajv generates are kept as JavaScript under
 * node_modules/.cache, named by a digest of the schemas and of ajv's version, and later
 * processes only evaluate them. A changed schema has another digest; nothing is ever stale.
 */
const cacheDir = path.join(projectRoot, 'node_modules', '.cache', 'course-schemas');
const requireHere = createRequire(import.meta.url);

function validator(name: SchemaName): ValidateFunction {
  if (!validators) {
    const schemas = fs
      .readdirSync(schemaDir)
      .filter((f) => f.endsWith('.schema.json'))
      .sort()
      .map((f) => withIdentifiers(JSON.parse(fs.readFileSync(path.join(schemaDir, f), 'utf8'))));
    const options = { allErrors: true, strict: true, verbose: true } as const;
    const version = (requireHere('ajv/package.json') as { version: string }).version;
    const digest = createHash('sha256').update(JSON.stringify({ version, options, schemas, linearErrors: linearErrors.toString() })).digest('hex').slice(0, 16);
    const cached = path.join(cacheDir, `${digest}.cjs`);
    validators = fs.existsSync(cached) ? fromStandalone(fs.readFileSync(cached, 'utf8')) : null;
    if (!validators) {
      const ajv = new Ajv({ ...options, code: { source: true } });
      for (const schema of schemas) ajv.addSchema(schema);
      validators = new Map(schemaNames.map((n) => [n, ajv.getSchema(`${n}.schema.json`)!]));
      try {
        const code = linearErrors(standalone.default(ajv, Object.fromEntries(schemaNames.map((n) => [n, `${n}.schema.json`]))));
        validators = fromStandalone(code) ?? validators;
        fs.mkdirSync(cacheDir, { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}`, code);
        fs.renameSync(`${cached}.${process.pid}`, cached);
      } catch {
        // A read-only install only loses the shortcut.
      }
    }
  }
  return validators.get(name)!;
}

/**
 * ajv's code with `allErrors` gathers the errors of a referenced schema by copying every error
 * found so far (`vErrors = vErrors.concat(…)`), which takes time in the square of the errors: a
 * question bank of 5,000 broken items took 6 s, one of 30,000 minutes. Appending in place gives
 * the same errors in the same order. (Code of another ajv version that has no such line is kept
 * as it is.)
 */
function linearErrors(code: string): string {
  // Appended (a declaration is hoisted), so the module's "use strict" stays its first statement.
  const append = '\nfunction appendErrors(all, more) { for (const e of more) all.push(e); return all; }\n';
  return code.replace(/vErrors\.concat\(/g, 'appendErrors(vErrors, ') + append;
}

/** The validators from ajv's standalone code (CommonJS that requires ajv's small runtime helpers). */
function fromStandalone(code: string): Map<SchemaName, ValidateFunction> | null {
  try {
    const module = { exports: {} as Record<string, ValidateFunction> };
    new Function('module', 'exports', 'require', code)(module, module.exports, requireHere);
    return schemaNames.every((n) => typeof module.exports[n] === 'function') ? new Map(schemaNames.map((n) => [n, module.exports[n]!])) : null;
  } catch {
    return null;
  }
}

/** JSON cannot import, so the identifier patterns written once in player/spec are added to
 *  defs.schema.json's definitions of the same names here. */
function withIdentifiers(schema: { $id?: string; definitions?: Record<string, object> }): object {
  if (schema.$id !== 'defs.schema.json') return schema;
  for (const [name, rule] of Object.entries(identifiers)) {
    const def = schema.definitions?.[name];
    if (!def) throw new Error(`defs.schema.json has no definition "${name}" for the pattern in player/spec/identifiers.ts`);
    Object.assign(def, rule);
  }
  return schema;
}

function toPath(pointer: string): PathSegment[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the text "${v}"`;
  return `${typeof v} ${String(v)}`;
}

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a map of keys',
};

/** Reports every violation; returns true when the document is valid. */
export function checkSchema(name: SchemaName, doc: YamlSource, diags: Diagnostics): boolean {
  const validate = validator(name);
  if (validate(doc.value)) return true;
  const errors = (validate.errors ?? []).filter(
    // A failed `propertyNames` also reports a generic error for the same spot; keep the precise one.
    (e) => e.keyword !== 'propertyNames' && !(e.keyword === 'if'),
  );
  // In a flow map `{ ja: …, en: a, b }` an unquoted comma ends the text and makes "b" a key
  // with no value. Say that once, instead of a bad key and a missing value.
  const commaSplit = new Set<string>();
  for (const e of errors) {
    if (e.propertyName === undefined) continue;
    const map = doc.valueAt(toPath(e.instancePath)) as Record<string, unknown> | undefined;
    if (map && map[e.propertyName] === null) commaSplit.add(`${e.instancePath}/${e.propertyName}`);
  }
  const seen = new Set<string>();
  const first = diags.list.length;
  let unlisted = 0;
  for (const e of errors) {
    // A file that breaks the schema thousands of times (a generated or pasted file) would print
    // for minutes: the first ones show what is wrong.
    if (diags.list.length - first >= MAX_VIOLATIONS) {
      unlisted++;
      continue;
    }
    if (e.keyword === 'type' && commaSplit.has(e.instancePath)) continue;
    if (e.propertyName !== undefined && commaSplit.has(`${e.instancePath}/${e.propertyName}`)) {
      const p = toPath(e.instancePath);
      diags.report('InvalidValue', doc.keyAt([...p, e.propertyName]), `A text in ${describePath(p)} is cut at a comma: "${e.propertyName}" was read as a key.`, {
        hint: 'Inside `{ … }` a comma separates entries: put text that contains a comma in quotes, e.g. en: "Tokyo, April 2025".',
      });
      continue;
    }
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reportViolation(e, doc, diags);
  }
  if (unlisted) diags.list[diags.list.length - 1]!.message += ` (${unlisted} more problems in this file are not listed.)`;
  return false;
}

/** Schema violations reported per file. */
const MAX_VIOLATIONS = 50;

function reportViolation(e: ErrorObject, doc: YamlSource, diags: Diagnostics): void {
  const path = toPath(e.instancePath);
  const where = describePath(path);
  const value = doc.valueAt(path);
  if (e.propertyName !== undefined) {
    // A key of a map breaks `propertyNames`: point at the key itself.
    const at = doc.keyAt([...path, e.propertyName]);
    if (/definitions\/id/.test(e.schemaPath)) diags.report('InvalidId', at, `"${e.propertyName}" in ${where} is not a valid id.`);
    else diags.report('InvalidValue', at, `"${e.propertyName}" in ${where} is not a valid key (expected the form ${String(e.params['pattern'] ?? '')}).`);
    return;
  }
  switch (e.keyword) {
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      diags.report('MissingKey', doc.at(path), `${where} has no "${missing}".`);
      return;
    }
    case 'additionalProperties': {
      const extra = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      diags.report(
        'UnknownKey',
        doc.keyAt([...path, extra]),
        `${where} has an unknown key "${extra}".${didYouMean(extra, allowed)} Allowed here: ${allowed.join(', ')}.`,
      );
      return;
    }
    case 'type': {
      const t = (e.params as { type: string }).type;
      diags.report('WrongType', doc.at(path), `${where} should be ${typeNames[t] ?? t}, but it is ${kindOf(value)}.`);
      return;
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: string[] }).allowedValues;
      const last = path[path.length - 1];
      const rule = last === 'type' && path[0] === 'questions' ? 'UnknownQuestionType' : 'InvalidValue';
      const noun = rule === 'UnknownQuestionType' ? 'question type' : 'value';
      diags.report(
        rule,
        doc.at(path),
        `Unknown ${noun} "${String(value)}" at ${where}.${didYouMean(String(value), allowed)} Expected one of: ${allowed.join(', ')}.`,
      );
      return;
    }
    case 'pattern': {
      const isId = /definitions\/id/.test(e.schemaPath) || /\/id$/.test(e.instancePath);
      if (isId) {
        diags.report('InvalidId', doc.at(path), `"${String(value)}" at ${where} is not a valid id.`);
      } else {
        diags.report('InvalidValue', doc.at(path), `"${String(value)}" at ${where} does not have the expected form (${e.params['pattern']}).`);
      }
      return;
    }
    case 'maxItems': {
      // Point at the first item too many: that is where the list has to end.
      const limit = Number(e.params['limit']);
      const count = Array.isArray(value) ? value.length : 0;
      diags.report('InvalidValue', doc.at([...path, limit]), `${where} has ${count} items; at most ${limit} are allowed.`);
      return;
    }
    case 'maxLength':
      if (/definitions\/id/.test(e.schemaPath)) {
        diags.report('InvalidId', doc.at(path), `The id "${String(value)}" at ${where} is longer than ${e.params['limit']} characters.`);
        return;
      }
      break;
  }
  diags.report('InvalidValue', doc.at(path), `${where} ${e.message ?? 'is not valid'}.`);
}
