/**
 * cmi5 packages: cmi5.xml against the cmi5 CourseStructure.xsd, then what the schema leaves
 * open: one AU, ids that are absolute IRIs and unique, a launch URL inside the package.
 */
import { finding, type Finding, type RuleId } from './rules.ts';
import { readOwnXsd, resolveRef } from './paths.ts';
import { validate } from './schema.ts';
import { attr, childNamed, parseXml, walk, XmlReadError, type XmlElement } from './xml.ts';
import type { PackageZip } from './zip.ts';

export const CMI5_NS = 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd';
const STRUCTURE = 'cmi5.xml';

/** cmi5's moveOn vocabulary. */
export const moveOnValues = ['Passed', 'Completed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable'] as const;

/** An absolute IRI: a scheme, then no white space; http(s) also needs an authority. */
export function isAbsoluteIri(id: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/.test(id)) return false;
  return !/^https?:/i.test(id) || /^https?:\/\/[^/?#]+/i.test(id);
}

export async function checkCmi5(pkg: PackageZip, findings: Finding[], passed: string[]): Promise<void> {
  const bytes = pkg.files.get(STRUCTURE);
  if (!bytes) {
    const elsewhere = [...pkg.files.keys()].filter((n) => n.toLowerCase().split('/').pop() === STRUCTURE);
    findings.push(finding('CourseStructureMissing', STRUCTURE, elsewhere.length ? `There is no cmi5.xml at the package root; found ${elsewhere.map((n) => `"${n}"`).join(', ')} instead.` : 'The package has no cmi5.xml.'));
    return;
  }
  const invalid = await validate(
    { name: STRUCTURE, contents: bytes },
    { label: 'cmi5 CourseStructure.xsd', imports: [[CMI5_NS, '_package-check/CourseStructure.xsd']], files: [{ fileName: '_package-check/CourseStructure.xsd', contents: readOwnXsd('CourseStructure.xsd') }] },
  );
  for (const p of invalid) findings.push(finding('CourseStructureSchema', STRUCTURE, p.message, p.line));
  if (!invalid.length) passed.push(`${STRUCTURE}: valid against cmi5 CourseStructure.xsd`);

  let root: XmlElement;
  try {
    root = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    if (!invalid.length) findings.push(finding('CourseStructureSchema', STRUCTURE, `cmi5.xml cannot be read: ${(e as Error).message}`, e instanceof XmlReadError ? e.line : undefined));
    return;
  }
  if (root.ns !== CMI5_NS || root.local !== 'courseStructure') {
    if (!invalid.length) findings.push(finding('CourseStructureSchema', STRUCTURE, `The root element is {${root.ns}}${root.local}, not <courseStructure> in ${CMI5_NS}.`, root.line));
    return;
  }
  const report = (rule: RuleId, message: string, at: XmlElement) => findings.push(finding(rule, STRUCTURE, message, at.line));

  const ids = new Map<string, XmlElement>();
  const aus: XmlElement[] = [];
  for (const el of walk(root)) {
    if (el.ns !== CMI5_NS) continue;
    const isObjective = el.local === 'objective' && attr(el, 'id') !== undefined;
    if (el.local !== 'course' && el.local !== 'block' && el.local !== 'au' && !isObjective) continue;
    if (el.local === 'au') aus.push(el);
    const id = attr(el, 'id');
    if (id === undefined) continue;
    if (!isAbsoluteIri(id)) report('IdNotAbsoluteIri', `The ${el.local} id "${id}" is not an absolute IRI.`, el);
    const first = ids.get(id);
    if (first) report('IdentifierDuplicate', `The id "${id}" of this <${el.local}> is already the id of the <${first.local}> on line ${first.line}.`, el);
    else ids.set(id, el);
  }

  if (aus.length !== 1) report('AuCount', `The course structure has ${aus.length} AUs; the course is exactly one.`, aus[1] ?? root);

  for (const au of aus) {
    const id = attr(au, 'id') ?? '';
    const urlEl = childNamed(au, CMI5_NS, 'url');
    const url = urlEl?.text.trim() ?? '';
    const r = resolveRef(url);
    if (!urlEl || url === '') report('AuUrlFileMissing', `The AU "${id}" has no launch URL.`, urlEl ?? au);
    else if (r.kind === 'external') report('AuUrlNotRelative', `The AU "${id}" launches "${url}", an absolute URL; the AU must be served from the package.`, urlEl);
    else if (r.kind === 'outside') report('AuUrlFileMissing', `The AU "${id}" launches "${url}", which ${r.why}.`, urlEl);
    else if (!pkg.files.has(r.path)) report('AuUrlFileMissing', `The AU "${id}" launches "${url}", and the package has no "${r.path}".`, urlEl);

    const moveOn = attr(au, 'moveOn');
    if (moveOn !== undefined && !(moveOnValues as readonly string[]).includes(moveOn)) {
      report('MoveOnInvalid', `The AU "${id}" has moveOn="${moveOn}"; cmi5 knows ${moveOnValues.join(', ')}.`, au);
    }
    const mastery = attr(au, 'masteryScore');
    if (mastery !== undefined && !(/^\s*(?:\d+(?:\.\d*)?|\.\d+)\s*$/.test(mastery) && Number(mastery) <= 1)) {
      report('MasteryScoreInvalid', `The AU "${id}" has masteryScore="${mastery}"; it is a decimal from 0 to 1.`, au);
    }
  }
}
