/**
 * An OOXML package opened safely: the zip checked (zip.ts), every part parsed with the
 * DTD-refusing parser (xml.ts) and only after its unpacked size has been checked (parts are
 * read as XML or not at all), relationships resolved inside the package only, and the kind of
 * document told by its main part's content type, not by the file name.
 */
import { strFromU8 } from 'fflate';
import path from 'node:path';
import { ArchiveError, archiveLimits, SafeZip } from './zip.ts';
import { find, kids, parseXml, textOf, type XmlElement } from './xml.ts';

export type PackageKind = 'pptx' | 'xlsx';

const mainTypes: Record<string, PackageKind> = {
  'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml': 'pptx',
  'application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml': 'pptx',
  'application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml': 'pptx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml': 'xlsx',
  'application/vnd.ms-excel.sheet.macroEnabled.main+xml': 'xlsx',
};

const officeDocumentRel = /\/officeDocument$/;

export interface Relationship {
  id: string;
  type: string;
  /** Package path of the target, or the URL of an external target. */
  target: string;
  external: boolean;
}

/** Document properties that identify a manuscript. */
export interface DocProps {
  title: string;
  subject: string;
  creator: string;
  keywords: string;
  description: string;
}

export class OoxmlPackage {
  readonly kind: PackageKind;
  readonly mainPart: string;
  private readonly parsed = new Map<string, XmlElement>();

  constructor(
    private readonly zip: SafeZip,
    readonly file: string,
  ) {
    for (const name of zip.archives) {
      if (!this.isChartData(name)) throw new ArchiveError('NestedArchive', `The entry "${name}" is itself a zip archive (an embedded document or workbook, an attached file); archives inside a manuscript are not opened.`);
    }
    if (!zip.has('[Content_Types].xml')) throw new ArchiveError('NotAPackage', 'The zip holds no [Content_Types].xml, so it is not an Office Open XML document (.pptx or .xlsx).');
    const types = this.xml('[Content_Types].xml');
    const main = this.rels('').find((r) => officeDocumentRel.test(r.type) && !r.external);
    if (!main) throw new ArchiveError('NotAPackage', 'The package names no main document part (_rels/.rels); it is not a PowerPoint or Excel file.');
    const override = kids(types, 'ct:Override').find((o) => normalizePart(o.attrs['PartName'] ?? '') === main.target);
    const kind = override ? mainTypes[override.attrs['ContentType'] ?? ''] : undefined;
    if (!kind) throw new ArchiveError('NotAPackage', `The package's main part (${main.target}) is neither a presentation nor a workbook.`);
    if (!zip.has(main.target)) throw new ArchiveError('NotAPackage', `The package's main part ${main.target} is missing.`);
    this.kind = kind;
    this.mainPart = main.target;
  }

  has(part: string): boolean {
    return this.zip.has(part);
  }

  /**
   * Whether a zip inside the package is a chart's data: a workbook a chart part names as its
   * package, as every chart PowerPoint (or the deck's own statistics) draws carries. It is
   * allowed there and never opened: the chart's own part holds the values it shows.
   */
  private isChartData(name: string): boolean {
    if (!/\.xlsx$/i.test(name)) return false;
    return this.zip.names.some((rels) => {
      const m = /^(.*\/charts)\/_rels\/([^/]+)\.rels$/.exec(rels);
      return !!m && this.rels(`${m[1]}/${m[2]}`).some((r) => !r.external && /\/package$/.test(r.type) && r.target === name);
    });
  }

  /** What a part holds, told without reading it (zip.ts): equal for equal bytes, whatever its name. */
  digest(part: string): string | null {
    return this.zip.digest(part);
  }

  /** A part parsed; throws when it is missing or too large to be a manuscript's. */
  xml(part: string): XmlElement {
    let el = this.parsed.get(part);
    if (!el) {
      const size = this.zip.size(part);
      if (size > archiveLimits.xmlPartBytes) {
        throw new ArchiveError('TextTooLong', `The part ${part} unpacks to ${(size / 1048576).toFixed(1)} MB of XML; no part of a manuscript needs more than ${archiveLimits.xmlPartBytes / 1048576} MB (a slide with its text is some 20 KB).`);
      }
      const bytes = this.zip.read(part);
      if (!bytes) throw new ArchiveError('NotAPackage', `The package has no part ${part}, which its relationships name.`);
      el = parseXml(strFromU8(bytes), part);
      this.parsed.set(part, el);
    }
    return el;
  }

  /** A part's bytes as stored (media: a picture, a recording); null when the package lacks it. */
  bytes(part: string): Uint8Array | null {
    return this.zip.read(part);
  }

  /** The content type [Content_Types].xml gives a part: its override, or the default for its extension. */
  contentType(part: string): string | null {
    const types = this.xml('[Content_Types].xml');
    const override = kids(types, 'ct:Override').find((o) => normalizePart(o.attrs['PartName'] ?? '') === part);
    if (override) return override.attrs['ContentType'] ?? null;
    const ext = path.posix.extname(part).slice(1).toLowerCase();
    return kids(types, 'ct:Default').find((d) => (d.attrs['Extension'] ?? '').toLowerCase() === ext)?.attrs['ContentType'] ?? null;
  }

  /** Relationships of a part (`''` for the package's own). */
  rels(part: string): Relationship[] {
    const relsPart = part ? `${path.posix.dirname(part)}/_rels/${path.posix.basename(part)}.rels` : '_rels/.rels';
    if (!this.zip.has(relsPart)) return [];
    const base = part ? path.posix.dirname(part) : '';
    return kids(this.xml(relsPart), 'rel:Relationship').map((r) => {
      const external = r.attrs['TargetMode'] === 'External';
      const target = r.attrs['Target'] ?? '';
      return { id: r.attrs['Id'] ?? '', type: r.attrs['Type'] ?? '', external, target: external ? target : resolvePart(base, target) };
    });
  }

  /** The target of the first relationship of `part` whose type ends with `/type`. */
  related(part: string, type: string): string | null {
    const r = this.rels(part).find((x) => x.type.endsWith(`/${type}`) && !x.external);
    return r && this.zip.has(r.target) ? r.target : null;
  }

  docProps(): DocProps {
    const core = this.has('docProps/core.xml') ? this.xml('docProps/core.xml') : undefined;
    const get = (name: string) => {
      const el = core && find(core, name);
      return el ? textOf(el).trim() : '';
    };
    return { title: get('dc:title'), subject: get('dc:subject'), creator: get('dc:creator'), keywords: get('cp:keywords'), description: get('dc:description') };
  }
}

/**
 * The `name=value` pairs the workbook targets write into the keywords (`course=… version=…
 * lang=… manuscript=…`), which say which course, language and manuscript a workbook is.
 */
export function manuscriptKeywords(props: DocProps): Record<string, string> {
  return Object.fromEntries([...props.keywords.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
}

function normalizePart(name: string): string {
  return name.replace(/^\//, '');
}

/** A relationship target resolved against its source's folder, kept inside the package. */
function resolvePart(base: string, target: string): string {
  const joined = target.startsWith('/') ? target.slice(1) : path.posix.join(base, target);
  const norm = path.posix.normalize(joined);
  // A target climbing out of the package names nothing in it; the caller finds no such part.
  return norm.startsWith('../') || norm === '..' ? `\0outside/${norm}` : norm;
}

/** Opens the bytes as an OOXML package, or throws ArchiveError / XmlError. */
export function openPackage(bytes: Uint8Array, file: string): OoxmlPackage {
  return new OoxmlPackage(new SafeZip(bytes), file);
}
