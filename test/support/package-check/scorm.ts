/**
 * SCORM 2004 4th Edition and SCORM 1.2 packages: the manifest against the official schemas
 * (the copies the package carries), then the content-packaging rules the schemas cannot
 * express: files, identifiers, the one SCO.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finding, type Finding } from './rules.ts';
import { readOwnXsd, resolveRef, templatesDir } from './paths.ts';
import { validate, type SchemaSet } from './schema.ts';
import { attr, childNamed, childrenNamed, parseXml, walk, XML_NS, XmlReadError, XSI_NS, type XmlElement } from './xml.ts';
import type { PackageZip } from './zip.ts';

export type ScormProfile = 'scorm2004' | 'scorm12';

interface ScormSpec {
  label: string;
  /** The content-packaging namespace of <manifest>. */
  cp: string;
  adlcp: string;
  /** adlcp's attribute naming a resource SCO or asset; its case differs between the versions. */
  scormType: string;
  schemaversion: string;
  /** Namespace → control file at the package root, in the order the driver imports them. */
  imports: [string, string][];
}

/** W3C's xml.xsd, imported first so the control files' own import of the xml namespace is skipped. */
const W3C_XML: [string, string] = [XML_NS, '_package-check/xml.xsd'];

export const scormSpecs: Record<ScormProfile, ScormSpec> = {
  scorm2004: {
    label: 'SCORM 2004 4th Ed. schemas',
    cp: 'http://www.imsglobal.org/xsd/imscp_v1p1',
    adlcp: 'http://www.adlnet.org/xsd/adlcp_v1p3',
    scormType: 'scormType',
    schemaversion: '2004 4th Edition',
    // imscp_v1p1.xsd imports the xml namespace from http://www.w3.org/2001/xml.xsd, which an
    // offline check cannot fetch; the local W3C copy stands in for it.
    imports: [
      W3C_XML,
      ['http://www.imsglobal.org/xsd/imscp_v1p1', 'imscp_v1p1.xsd'],
      ['http://www.adlnet.org/xsd/adlcp_v1p3', 'adlcp_v1p3.xsd'],
      ['http://www.adlnet.org/xsd/adlseq_v1p3', 'adlseq_v1p3.xsd'],
      ['http://www.adlnet.org/xsd/adlnav_v1p3', 'adlnav_v1p3.xsd'],
      ['http://www.imsglobal.org/xsd/imsss', 'imsss_v1p0.xsd'],
    ],
  },
  scorm12: {
    label: 'SCORM 1.2 schemas',
    cp: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2',
    adlcp: 'http://www.adlnet.org/xsd/adlcp_rootv1p2',
    scormType: 'scormtype',
    schemaversion: '1.2',
    // imscp_rootv1p1p2.xsd takes the xml namespace from ims_xml.xsd, which binds the default
    // namespace to it; libxml2 refuses that schema, so W3C's xml.xsd stands in for it.
    imports: [W3C_XML, ['http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'imscp_rootv1p1p2.xsd'], ['http://www.adlnet.org/xsd/adlcp_rootv1p2', 'adlcp_rootv1p2.xsd']],
  },
};

const MANIFEST = 'imsmanifest.xml';

/** The control files the project ships: every file of templates/<profile>/xsd/. */
export function controlFiles(profile: ScormProfile): Map<string, Uint8Array> {
  const dir = path.join(templatesDir, profile, 'xsd');
  return new Map(fs.readdirSync(dir).sort().map((f) => [f, new Uint8Array(fs.readFileSync(path.join(dir, f)))]));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** xs:ID is an NCName: a name without colons. */
const ncName = /^[A-Za-z_\u00c0-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd][\w.\-\u00b7\u00c0-\u02ff\u0300-\u037d\u037f-\u1fff\u200c-\u200d\u203f-\u2040\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd]*$/;

export async function checkScorm(pkg: PackageZip, profile: ScormProfile, findings: Finding[], passed: string[]): Promise<void> {
  const spec = scormSpecs[profile];
  const manifestBytes = pkg.files.get(MANIFEST);
  if (!manifestBytes) {
    const elsewhere = [...pkg.files.keys()].filter((n) => n.toLowerCase().split('/').pop() === MANIFEST);
    findings.push(
      finding('ManifestMissing', MANIFEST, elsewhere.length ? `There is no imsmanifest.xml at the package root; found ${elsewhere.map((n) => `"${n}"`).join(', ')} instead.` : 'The package has no imsmanifest.xml.'),
    );
    return;
  }

  // The control files: present at the root, identical to the project's official copies.
  const official = controlFiles(profile);
  for (const [name, bytes] of official) {
    const shipped = pkg.files.get(name);
    if (!shipped) findings.push(finding('ControlFileMissing', name, `The package lacks ${name}, which templates/${profile}/xsd/ holds and the manifest's schemas need.`));
    else if (!sameBytes(shipped, bytes)) findings.push(finding('ControlFileChanged', name, `${name} in the package differs from templates/${profile}/xsd/${name}.`));
  }

  // Schema validation with the package's own copies; a missing one is replaced by the official
  // copy so the manifest is still validated (its absence is reported above).
  const set: SchemaSet = {
    label: spec.label,
    imports: spec.imports,
    files: [...official].map(([name, bytes]) => ({ fileName: name, contents: pkg.files.get(name) ?? bytes })).concat({ fileName: W3C_XML[1], contents: readOwnXsd('xml.xsd') }),
  };
  const invalid = await validate({ name: MANIFEST, contents: manifestBytes }, set);
  for (const p of invalid) findings.push(finding('ManifestSchema', MANIFEST, p.message, p.line));
  if (!invalid.length) passed.push(`${MANIFEST}: valid against ${spec.label}`);

  let root: XmlElement;
  try {
    root = parseXml(new TextDecoder('utf-8', { fatal: true }).decode(manifestBytes));
  } catch (e) {
    // Not well-formed: xmllint has said where; nothing more can be checked.
    if (!invalid.length) findings.push(finding('ManifestSchema', MANIFEST, `The manifest cannot be read: ${(e as Error).message}`, e instanceof XmlReadError ? e.line : undefined));
    return;
  }
  if (root.ns !== spec.cp || root.local !== 'manifest') {
    if (!invalid.length) findings.push(finding('ManifestSchema', MANIFEST, `The root element is {${root.ns}}${root.local}, not <manifest> in ${spec.cp}.`, root.line));
    return;
  }
  new ManifestRules(pkg, profile, spec, root, official, findings).run();
}

class ManifestRules {
  private readonly ids = new Map<string, XmlElement>();
  private readonly listed = new Set<string>();

  constructor(
    private readonly pkg: PackageZip,
    private readonly profile: ScormProfile,
    private readonly spec: ScormSpec,
    private readonly root: XmlElement,
    private readonly official: Map<string, Uint8Array>,
    private readonly findings: Finding[],
  ) {}

  private report(rule: Parameters<typeof finding>[0], message: string, at?: XmlElement): void {
    this.findings.push(finding(rule, MANIFEST, message, at?.line));
  }

  run(): void {
    this.metadata();
    this.schemaLocation();
    this.identifiers();
    const resources = this.resources();
    this.references(resources);
    this.scos(resources);
    this.files(resources);
  }

  private metadata(): void {
    const { cp } = this.spec;
    const metadata = childNamed(this.root, cp, 'metadata');
    const schema = childNamed(metadata, cp, 'schema');
    const version = childNamed(metadata, cp, 'schemaversion');
    if (schema?.text.trim() !== 'ADL SCORM') this.report('ManifestMetadata', `<schema> is ${schema ? `"${schema.text.trim()}"` : 'missing'}; it must be "ADL SCORM".`, schema ?? metadata ?? this.root);
    if (version?.text.trim() !== this.spec.schemaversion) {
      this.report('ManifestMetadata', `<schemaversion> is ${version ? `"${version.text.trim()}"` : 'missing'}; a ${this.profile} package says "${this.spec.schemaversion}".`, version ?? metadata ?? this.root);
    }
  }

  /** The files xsi:schemaLocation names are control files, so they must sit at the root. */
  private schemaLocation(): void {
    const pairs = (attr(this.root, 'schemaLocation', XSI_NS) ?? '').trim().split(/\s+/).filter(Boolean);
    for (let i = 1; i < pairs.length; i += 2) {
      const loc = pairs[i]!;
      const r = resolveRef(loc);
      if (r.kind !== 'file' || this.pkg.files.has(r.path) || this.official.has(r.path)) continue;
      this.report('ControlFileMissing', `xsi:schemaLocation names "${loc}" for ${pairs[i - 1]}, and the package has no such file.`, this.root);
    }
  }

  private identifiers(): void {
    for (const el of walk(this.root)) {
      if (el.ns !== this.spec.cp) continue;
      const id = attr(el, 'identifier');
      if (id === undefined) continue;
      // xs:ID values are whitespace-collapsed before they are compared.
      const key = id.trim();
      if (!ncName.test(key)) this.report('IdentifierInvalid', `<${el.local} identifier="${id}">: an identifier is an XML ID (a letter or "_" first, then letters, digits, ".", "-", "_"; no spaces or colons).`, el);
      const first = this.ids.get(key);
      if (first) this.report('IdentifierDuplicate', `The identifier "${key}" of this <${el.local}> is already used by the <${first.local}> on line ${first.line}.`, el);
      else this.ids.set(key, el);
    }
  }

  private resources(): XmlElement[] {
    const resources = childNamed(this.root, this.spec.cp, 'resources');
    return resources ? childrenNamed(resources, this.spec.cp, 'resource') : [];
  }

  private references(resources: XmlElement[]): void {
    const { cp } = this.spec;
    const organizations = childNamed(this.root, cp, 'organizations');
    const orgIds = new Set((organizations ? childrenNamed(organizations, cp, 'organization') : []).map((o) => attr(o, 'identifier')?.trim()));
    const resIds = new Set(resources.map((r) => attr(r, 'identifier')?.trim()));
    const def = organizations && attr(organizations, 'default');
    if (def !== undefined && !orgIds.has(def.trim())) this.report('IdentifierRefUnresolved', `<organizations default="${def}"> names no organization of this manifest.`, organizations);
    for (const el of walk(this.root)) {
      if (el.ns !== cp || (el.local !== 'item' && el.local !== 'dependency')) continue;
      const ref = attr(el, 'identifierref');
      if (ref !== undefined && !resIds.has(ref.trim())) this.report('IdentifierRefUnresolved', `<${el.local} identifierref="${ref}"> names no resource of this manifest.`, el);
    }
  }

  private scos(resources: XmlElement[]): void {
    const { adlcp, scormType } = this.spec;
    const scos: XmlElement[] = [];
    for (const r of resources) {
      const type = attr(r, scormType, adlcp);
      if (type === undefined) {
        const other = [...r.attrs.keys()].find((k) => k.toLowerCase() === `{${adlcp}}${scormType}`.toLowerCase());
        const said = other ? `; it has ${other.replace(`{${adlcp}}`, 'adlcp:')}, which ${this.profile} spells adlcp:${scormType}` : '';
        this.report('ScormTypeMissing', `The resource "${attr(r, 'identifier') ?? ''}" has no adlcp:${scormType}${said}.`, r);
      } else if (type === 'sco') scos.push(r);
    }
    if (scos.length !== 1) {
      const where = scos[1] ?? childNamed(this.root, this.spec.cp, 'resources') ?? this.root;
      this.report('ScoCount', `The manifest declares ${scos.length} SCOs (${scos.map((s) => `"${attr(s, 'identifier') ?? ''}"`).join(', ') || 'none'}); the course is exactly one.`, where);
    }
    const launched = this.launchedResources();
    for (const sco of scos) {
      const id = attr(sco, 'identifier') ?? '';
      const href = attr(sco, 'href');
      if (href === undefined) this.report('ScoLaunchMissing', `The SCO "${id}" has no href, so an LMS has nothing to launch.`, sco);
      else {
        const r = resolveRef(href, this.bases(sco));
        if (r.kind !== 'file' || !this.pkg.files.has(r.path)) {
          this.report('ScoLaunchMissing', `The SCO "${id}" launches "${href}", ${r.kind === 'file' ? 'which is not in the package' : r.kind === 'external' ? 'a URL outside the package' : `which ${r.why}`}.`, sco);
        }
      }
      if (!launched.has(id.trim())) this.report('ScoNotLaunched', `No item of the default organization has identifierref="${id}", so an LMS never launches the SCO.`, sco);
    }
  }

  /** Resources the items of the default organization (or the first one) refer to. */
  private launchedResources(): Set<string> {
    const { cp } = this.spec;
    const organizations = childNamed(this.root, cp, 'organizations');
    if (!organizations) return new Set();
    const all = childrenNamed(organizations, cp, 'organization');
    const def = attr(organizations, 'default')?.trim();
    const org = all.find((o) => attr(o, 'identifier')?.trim() === def) ?? all[0];
    const out = new Set<string>();
    if (!org) return out;
    for (const el of walk(org)) {
      const ref = el.ns === cp && el.local === 'item' ? attr(el, 'identifierref') : undefined;
      if (ref !== undefined) out.add(ref.trim());
    }
    return out;
  }

  /** xml:base values in force for a resource: the manifest's, <resources>', the resource's. */
  private bases(resource: XmlElement): string[] {
    const resources = childNamed(this.root, this.spec.cp, 'resources');
    return [this.root, resources, resource].map((el) => (el ? (attr(el, 'base', XML_NS) ?? '') : ''));
  }

  private files(resources: XmlElement[]): void {
    const { cp, scormType, adlcp } = this.spec;
    for (const r of resources) {
      const bases = this.bases(r);
      const href = attr(r, 'href');
      // The SCO's href is checked with the SCO; an asset's must exist too.
      if (href !== undefined && attr(r, scormType, adlcp) !== 'sco') {
        const res = resolveRef(href, bases);
        if (res.kind === 'file' && !this.pkg.files.has(res.path)) this.report('ListedFileMissing', `The resource "${attr(r, 'identifier') ?? ''}" has href="${href}", which is not in the package.`, r);
        if (res.kind === 'outside') this.report('ListedFileMissing', `The resource "${attr(r, 'identifier') ?? ''}" has href="${href}", which ${res.why}.`, r);
      }
      for (const f of childrenNamed(r, cp, 'file')) {
        const fhref = attr(f, 'href') ?? '';
        const res = resolveRef(fhref, bases);
        if (res.kind === 'external') continue;
        if (res.kind === 'outside') {
          this.report('ListedFileMissing', `<file href="${fhref}"> ${res.why}; a listed file is a path inside the package.`, f);
          continue;
        }
        this.listed.add(res.path);
        if (!this.pkg.files.has(res.path)) {
          const near = [...this.pkg.files.keys()].find((n) => n.toLowerCase() === res.path.toLowerCase());
          this.report('ListedFileMissing', `<file href="${fhref}"> names "${res.path}", which is not in the package${near ? ` (it has "${near}"; paths are case-sensitive)` : ''}.`, f);
        }
      }
    }
    for (const name of this.pkg.files.keys()) {
      if (name === MANIFEST || this.official.has(name) || this.listed.has(name)) continue;
      this.findings.push(finding('UnlistedFile', name, `"${name}" is in the package but no <file href> of the manifest lists it.`));
    }
  }
}
