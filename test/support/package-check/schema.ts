/**
 * XSD validation with xmllint-wasm (libxml2 compiled to WebAssembly), offline. The document's
 * own xsi:schemaLocation hints are not followed: a driver schema imports every namespace the
 * document may use from the files given, so what is validated against is exactly what the
 * check chose (the package's own control files for SCORM).
 */
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

export interface SchemaProblem {
  line?: number;
  message: string;
}

export interface SchemaSet {
  /** Named in the success line, e.g. "SCORM 2004 4th Ed. schemas". */
  label: string;
  /** Namespace → schema file (a `files` name); imported in this order. */
  imports: [namespace: string, file: string][];
  /** Every schema file the imports reach, by the name the imports and includes use. */
  files: XMLFileInfo[];
}

/** The driver and the document live in their own folder so no package file can take their names. */
const DRIVER = '_package-check/driver.xsd';

function driver(imports: SchemaSet['imports']): string {
  const lines = imports.map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="../${file}"/>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x-package-check:driver" elementFormDefault="qualified">
${lines.join('\n')}
</xs:schema>
`;
}

/** libxml2 keeps the first import of a namespace and says so; that is the driver working, not a problem. */
const noise = /Skipping import of schema located at|^\S+ validates$|^\S+ fails to validate$/;

function problems(output: string, docName: string): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  for (const raw of output.split('\n')) {
    const text = raw.trim();
    if (!text || noise.test(text)) continue;
    const m = /^(.+?):(\d+): (?:[^:]*? )?(?:(?:Schemas )?(?:validity|parser) (?:error|warning) : )?(.*)$/.exec(text);
    if (m && m[1] === docName) out.push({ line: Number(m[2]), message: m[3]! });
    else if (m) out.push({ message: `${m[1]}:${m[2]}: ${m[3]!}` });
    else out.push({ message: text });
  }
  return out;
}

/**
 * Validates one document. An empty list means valid; otherwise the document is invalid, not
 * well-formed, or the schemas did not compile, and each line of libxml2's report is one problem.
 */
export async function validate(doc: { name: string; contents: Uint8Array }, set: SchemaSet): Promise<SchemaProblem[]> {
  const docName = `_package-check/${doc.name}`;
  try {
    const result = await validateXML({
      xml: [{ fileName: docName, contents: doc.contents }],
      schema: [{ fileName: DRIVER, contents: driver(set.imports) }],
      preload: set.files,
    });
    if (result.valid) return [];
    const found = problems(result.rawOutput, docName);
    return found.length ? found : [{ message: 'xmllint rejected the document without saying why.' }];
  } catch (e) {
    // xmllint's other exit codes: the document is not well-formed, or a schema does not compile.
    const found = problems(String((e as Error).message), docName);
    return found.length ? found : [{ message: `xmllint failed: ${String((e as Error).message)}` }];
  }
}
