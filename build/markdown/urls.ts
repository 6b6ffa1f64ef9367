/**
 * Where a link or an image of the course may point. The player shows the course inside an
 * LMS page and the deck opens in PowerPoint: a target that runs script there (`javascript:`,
 * `vbscript:`) or carries a document of its own (`data:`) is never written, whoever wrote it.
 * An allow-list rather than a block-list, so a scheme nobody thought of is refused too.
 *
 * - links: http, https and mailto (a relative link would lead the LMS frame away from the course);
 * - images: http, https and paths relative to the package.
 */
import { decodeEntities } from './entities.ts';

const linkSchemes = new Set(['http', 'https', 'mailto']);
const imageSchemes = new Set(['http', 'https']);

export interface TargetOptions {
  /**
   * The target as it stands, its character references not resolved: an autolink, whose text
   * and destination are literal, or a URL that was never Markdown (course.yaml's sources).
   */
  literal?: boolean;
}

/**
 * The target as a browser reads it: character references resolved (as CommonMark resolves them
 * in a link destination), tabs and line breaks dropped anywhere and C0 controls and spaces
 * dropped at both ends (as the URL parser does), so that `java&#x09;script:` and
 * ` javascript:` are seen for what they are.
 */
function asRead(target: string, opts: TargetOptions): string {
  return (opts.literal ? target : decodeEntities(target)).replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function schemeOf(url: string): string | null {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]!.toLowerCase() ?? null;
}

/** The link's target when it may be written (http, https, mailto), as it is to be written; null when not. */
export function linkTarget(href: string, opts: TargetOptions = {}): string | null {
  const url = asRead(href, opts);
  const scheme = schemeOf(url);
  return scheme !== null && linkSchemes.has(scheme) ? url : null;
}

/**
 * The image's source when it may be written (http, https, or a relative path inside the
 * package), as it is to be written; null when not. A path that starts with a slash is not
 * relative to the package: `//host` names another server, `/x` the LMS's own root.
 */
export function imageSource(src: string, opts: TargetOptions = {}): string | null {
  const url = asRead(src, opts);
  const scheme = schemeOf(url);
  if (scheme !== null) return imageSchemes.has(scheme) ? url : null;
  // No scheme, yet a colon before the path: not a URL every reader parses the same way.
  if (url === '' || /^[/\\]/.test(url) || /^[^/?#]*:/.test(url) || /[\u0000-\u001f\\]/.test(url)) return null;
  return url;
}
