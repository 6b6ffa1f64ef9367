/**
 * pptxgenjs and exceljs assemble their packages in a JSZip object and have JSZip pack it, and
 * the build then has to unpack it again to finish the XML (fonts, notes, fixed dates). JSZip's
 * packing is slow (even without compression it takes most of a 1,000-slide deck's drawing
 * time), so the build asks for the parts instead: it calls the library's own write with an
 * output type of its own making, and JSZip's `generateAsync`, seeing that type, hands over the
 * parts rather than packing them. Every other call to JSZip behaves as before.
 */
import { createRequire } from 'node:module';

/** A part as the library wrote it: XML as a string, media as bytes. */
export type Part = string | Uint8Array;

interface JSZipEntry {
  dir: boolean;
  async(type: 'uint8array'): Promise<Uint8Array>;
  /** JSZip 3's own field: a promise of the data given to `file()`. */
  _data?: unknown;
  _dataBinary?: boolean;
}

interface JSZipInstance {
  forEach(cb: (path: string, entry: JSZipEntry) => void): void;
}

type Generate = (this: JSZipInstance, opts?: { type?: unknown }) => Promise<unknown>;

/** The hand-over state, kept on JSZip's prototype so that every copy of this module shares it. */
interface Hook {
  sinks: Map<string, Map<string, Part>>;
  next: number;
}

const HOOK = Symbol.for('kasuhara-course.jszip-parts');
const requireHere = createRequire(import.meta.url);

/** The JSZip `library` itself loads (its own copy when npm nested one), with the hook in place. */
function hookFor(library: string): Hook {
  const JSZip = createRequire(requireHere.resolve(library))('jszip') as { prototype: { generateAsync: Generate; [HOOK]?: Hook } };
  const proto = JSZip.prototype;
  const existing = proto[HOOK];
  if (existing) return existing;
  const hook: Hook = { sinks: new Map(), next: 0 };
  const generate = proto.generateAsync;
  proto.generateAsync = function (this: JSZipInstance, opts) {
    const sink = typeof opts?.type === 'string' ? hook.sinks.get(opts.type) : undefined;
    if (!sink) return generate.call(this, opts);
    // An empty string is what the libraries can pass on as their "file" (exceljs streams it).
    return collect(this, sink).then(() => '');
  };
  proto[HOOK] = hook;
  return hook;
}

async function collect(zip: JSZipInstance, sink: Map<string, Part>): Promise<void> {
  const entries: [string, JSZipEntry][] = [];
  zip.forEach((path, entry) => {
    if (!entry.dir) entries.push([path, entry]);
  });
  for (const [path, entry] of entries) {
    // A string given to `file()` is kept as it was given; reading it back through JSZip's
    // streams would cost nearly as much as packing. Anything else goes through the public API.
    const given = await entry._data;
    sink.set(path, typeof given === 'string' && entry._dataBinary === false ? given : await entry.async('uint8array'));
  }
}

/**
 * The parts `write` produces, in the order the library added them. `write` gets the output type
 * to ask for and must pass it to JSZip's `generateAsync` (pptxgenjs: `write({ outputType })`;
 * exceljs: `writeBuffer({ zip: { type } })`).
 */
export async function jszipParts(library: 'pptxgenjs' | 'exceljs', write: (outputType: string) => Promise<unknown>): Promise<Map<string, Part>> {
  const hook = hookFor(library);
  const type = `kasuhara-course-parts-${++hook.next}`;
  const sink = new Map<string, Part>();
  hook.sinks.set(type, sink);
  try {
    await write(type);
  } finally {
    hook.sinks.delete(type);
  }
  if (sink.size === 0) throw new Error(`${library} wrote its package without JSZip's generateAsync, so the build could not take its parts; build/targets/jszip-parts.ts needs updating for this version of ${library}.`);
  return sink;
}
