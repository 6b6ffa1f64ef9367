/**
 * The cmi5 package's player: a cmi5 session when the LMS launched it with the five cmi5
 * parameters (spec §8.1), standalone when the page was opened any other way.
 */
import { boot } from '../main.ts';
import type { PlayerCourse } from '../course-data.ts';
import { Cmi5Adapter } from '../lms/cmi5.ts';
import { readLaunchParameters } from '../lms/cmi5-launch.ts';
import { StandaloneAdapter } from '../lms/standalone.ts';

boot(() => {
  const launch = readLaunchParameters(window.location.search);
  // boot() has checked the course data before it connects; the adapter names choices and the scale from it.
  const course = JSON.parse(document.getElementById('course-data')!.textContent!) as PlayerCourse;
  return launch ? new Cmi5Adapter(launch, course) : new StandaloneAdapter();
});
