/**
 * Finds the SCORM 2004 API the way the standard describes (RTE 3.3.6.1): this window and its
 * parents up to the top, then the opener and its parents. Frames from another origin throw
 * on access; they cannot hold the API for us, so they are skipped.
 */
const MAX_DEPTH = 500;

export function findApi<T>(name: string, start: Window = window): T | null {
  const inChain = (w: Window | null): T | null => {
    for (let depth = 0; w && depth <= MAX_DEPTH; depth++) {
      const api = read<T>(w, name);
      if (api) return api;
      const parent = safe(() => w!.parent);
      if (!parent || parent === w) break;
      w = parent;
    }
    return null;
  };
  return (
    inChain(start) ??
    inChain(safe(() => start.opener as Window | null)) ??
    inChain(safe(() => start.top?.opener as Window | null))
  );
}

function read<T>(w: Window, name: string): T | null {
  return safe(() => ((w as unknown as Record<string, unknown>)[name] as T | undefined) ?? null);
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
