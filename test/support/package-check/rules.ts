/**
 * The rules the package check applies, under permanent names. The message at the report site
 * says what happened; the hint here says what to do about it.
 */

export type Severity = 'error' | 'warning';

export interface Rule {
  severity: Severity;
  /** The requirement, as the standard or the project states it. */
  title: string;
  hint: string;
}

export const rules = {
  // Zip hygiene, every profile.
  ZipUnreadable: {
    severity: 'error',
    title: 'The package is a zip an LMS can read',
    hint: 'Rebuild the package; a zip that has been cut short or re-packed by hand cannot be imported.',
  },
  ZipUnsafePath: {
    severity: 'error',
    title: 'Entry names are relative paths inside the package (no "/" at the start, no "..", no "\\")',
    hint: 'Write entry names relative to the package root with "/" between folders; an LMS refuses or mis-unpacks anything else.',
  },
  ZipDuplicateEntry: {
    severity: 'error',
    title: 'Each path occurs once in the zip',
    hint: 'Write each file once; two entries with one name unpack differently from one LMS to the next.',
  },
  ZipEntryDamaged: {
    severity: 'error',
    title: 'Every entry is stored or deflated, unencrypted, and passes its checksum',
    hint: 'Rebuild the package with the project build; it writes plain deflate entries.',
  },

  // SCORM 2004 4th Edition and SCORM 1.2 (content packaging).
  ManifestMissing: {
    severity: 'error',
    title: 'imsmanifest.xml is at the root of the package',
    hint: 'Put imsmanifest.xml at the zip root, spelled exactly so; an LMS looks nowhere else.',
  },
  ManifestSchema: {
    severity: 'error',
    title: 'imsmanifest.xml is valid against the official schemas',
    hint: 'Fix the manifest template (templates/<standard>/imsmanifest.xml.hbs) or the values the target fills in, at the line named.',
  },
  ManifestMetadata: {
    severity: 'error',
    title: 'The manifest metadata says <schema>ADL SCORM</schema> and the schemaversion of its standard',
    hint: 'SCORM 2004 4th Edition needs <schemaversion>2004 4th Edition</schemaversion>, SCORM 1.2 needs <schemaversion>1.2</schemaversion>; an LMS picks its run-time from it.',
  },
  ControlFileMissing: {
    severity: 'error',
    title: 'The schemas the manifest names are at the package root',
    hint: 'Ship every file of templates/<standard>/xsd/ at the zip root (ADL RequiredFilesChecker: control documents sit beside imsmanifest.xml).',
  },
  ControlFileChanged: {
    severity: 'error',
    title: 'The schemas in the package are the official files the project keeps in templates/',
    hint: 'Copy the schema from templates/<standard>/xsd/ unchanged; an edited schema can make a wrong manifest look valid.',
  },
  IdentifierInvalid: {
    severity: 'error',
    title: 'identifier attributes are XML IDs (a letter or "_" first, no spaces or colons)',
    hint: 'Derive identifiers from the course id with letters, digits, "_", "-" and "." only, starting with a letter.',
  },
  IdentifierDuplicate: {
    severity: 'error',
    title: 'identifiers (SCORM) and ids (cmi5) are unique within the package',
    hint: 'Give every manifest, organization, item and resource (cmi5: course, block, AU, objective) its own identifier.',
  },
  IdentifierRefUnresolved: {
    severity: 'error',
    title: 'organizations@default names an organization; identifierref names a resource',
    hint: 'Point the reference at an identifier that exists, or add the organization or resource it names.',
  },
  ScormTypeMissing: {
    severity: 'error',
    title: 'Every resource says whether it is a SCO or an asset (adlcp:scormType in 2004, adlcp:scormtype in 1.2)',
    hint: 'Add adlcp:scormType="sco" (SCORM 2004) or adlcp:scormtype="sco" (SCORM 1.2, all lower case) to the resource.',
  },
  ScoCount: {
    severity: 'error',
    title: 'The package has exactly one SCO',
    hint: 'The course is one SCO that launches index.html; declare one resource with scormType "sco" and the others as assets.',
  },
  ScoLaunchMissing: {
    severity: 'error',
    title: 'The SCO has an href that names a file in the package',
    hint: 'Set the SCO resource\'s href to the launch page (index.html) and ship that file.',
  },
  ScoNotLaunched: {
    severity: 'error',
    title: 'An item of the default organization launches the SCO',
    hint: 'Give the organization an <item identifierref="…"> that names the SCO resource; without one the LMS never offers it.',
  },
  ListedFileMissing: {
    severity: 'error',
    title: 'Every file the manifest lists is in the package',
    hint: 'Ship the file, or remove its <file href> from the manifest; paths are relative to the package root and case-sensitive.',
  },
  UnlistedFile: {
    severity: 'error',
    title: 'Every file in the package is listed in the manifest',
    hint: 'List the file with a <file href> in the resource that uses it, or leave it out of the package (only imsmanifest.xml and the control schemas need no entry).',
  },

  // cmi5.
  CourseStructureMissing: {
    severity: 'error',
    title: 'cmi5.xml is at the root of the package',
    hint: 'Put the course structure at the zip root as cmi5.xml; an LMS looks nowhere else.',
  },
  CourseStructureSchema: {
    severity: 'error',
    title: 'cmi5.xml is valid against the cmi5 CourseStructure.xsd',
    hint: 'Fix templates/cmi5/cmi5.xml.hbs or the values the target fills in, at the line named.',
  },
  AuCount: {
    severity: 'error',
    title: 'The course structure has exactly one AU',
    hint: 'The course is one AU that launches index.html; declare one <au>.',
  },
  IdNotAbsoluteIri: {
    severity: 'error',
    title: 'Course, block, AU and objective ids are absolute IRIs',
    hint: 'The cmi5 specification wants every IRI fully qualified, never a relative reference: build them from the course\'s publisher IRI, e.g. https://courses.example/<course>/<lang>/au.',
  },
  AuUrlNotRelative: {
    severity: 'error',
    title: 'The AU\'s launch URL is relative, so the LMS serves the AU from the package',
    hint: 'Write <url>index.html</url>; an absolute URL sends the learner to another server.',
  },
  AuUrlFileMissing: {
    severity: 'error',
    title: 'The AU\'s relative launch URL names a file in the package',
    hint: 'Ship the launch page at the path the <url> names (relative to cmi5.xml, case-sensitive).',
  },
  MoveOnInvalid: {
    severity: 'error',
    title: 'moveOn is one of Passed, Completed, CompletedAndPassed, CompletedOrPassed, NotApplicable',
    hint: 'Use one of the five values the cmi5 specification defines; the target derives it from the passing score.',
  },
  MasteryScoreInvalid: {
    severity: 'error',
    title: 'masteryScore is a decimal from 0 to 1',
    hint: 'Write the passing score divided by 100 (80 % is masteryScore="0.8").',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof rules;

/** One problem found in a package. */
export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Path inside the package, or "(zip)" for the archive itself. */
  file: string;
  /** 1-based line in `file`, when the problem is at a place in it. */
  line?: number;
  message: string;
}

export function finding(rule: RuleId, file: string, message: string, line?: number): Finding {
  return line === undefined ? { rule, severity: rules[rule].severity, file, message } : { rule, severity: rules[rule].severity, file, line, message };
}
