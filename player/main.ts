/// <reference lib="dom" />
import { App } from './app.ts';
import type { PlayerCourse } from './spec/course-data.ts';
import type { LmsAdapter } from './lms/adapter.ts';

/**
 * Starts the player: reads the course the build embedded, connects to the LMS through the
 * adapter the package's entry chose (one entry per standard, so each package carries only
 * its own adapter), and renders. `connect` gets the course read here, the only place that
 * reads it, and is not called when the course data is missing or invalid.
 */
export function boot(connect: (course: PlayerCourse) => LmsAdapter): void {
  preventFaviconRequest();
  const root = document.getElementById('app');
  if (!root) return;
  let course: PlayerCourse;
  try {
    course = JSON.parse(document.getElementById('course-data')?.textContent ?? '') as PlayerCourse;
    if (course.format !== 2) throw new Error(`unknown course data format ${String(course.format)}`);
  } catch (e) {
    // Without course data there are no UI labels either: the message can only be technical.
    console.error('[player]', e);
    root.textContent = `Course data missing or invalid: ${(e as Error).message}`;
    root.setAttribute('role', 'alert');
    return;
  }
  void new App(course, connect(course), root, localStorageOrNull()).start();
}

/**
 * Opened directly, browsers ask the server root for /favicon.ico: a request outside the
 * package. An explicit empty icon stops that (the HTML template should declare one too).
 */
function preventFaviconRequest(): void {
  if (document.querySelector('link[rel~="icon"]')) return;
  const link = document.createElement('link');
  link.rel = 'icon';
  link.href = 'data:,';
  document.head.appendChild(link);
}

function localStorageOrNull(): Storage | null {
  try {
    const s = window.localStorage;
    s.getItem('');
    return s;
  } catch {
    return null;
  }
}

