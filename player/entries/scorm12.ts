/** The SCORM 1.2 package's player: the LMS's `API`, or standalone when there is none. */
import { boot } from '../main.ts';
import type { PlayerCourse } from '../course-data.ts';
import { findApi } from '../lms/find-api.ts';
import { Scorm12Adapter, type Scorm12Api } from '../lms/scorm12.ts';
import { StandaloneAdapter } from '../lms/standalone.ts';

boot(() => {
  // SCORM 1.2 names the object `API`; the LMS puts it in a parent or opener window as 2004 does.
  const api = findApi<Scorm12Api>('API');
  return api ? new Scorm12Adapter(api, { likertScale: embeddedScale() }) : new StandaloneAdapter();
});

/**
 * The Likert scale ids, lowest first, from the course data the build embedded: 1.2 sends a
 * Likert answer as its position on the scale. `boot` reads the same data and reports it when
 * it is missing, so here a failure only means "no scale".
 */
function embeddedScale(): string[] {
  try {
    const course = JSON.parse(document.getElementById('course-data')?.textContent ?? '') as PlayerCourse;
    return course.survey.scale.map((s) => s.id);
  } catch {
    return [];
  }
}
