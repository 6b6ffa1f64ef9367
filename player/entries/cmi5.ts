/**
 * The cmi5 package's player: a cmi5 session when the LMS launched it with the five cmi5
 * parameters (spec §8.1), standalone when the page was opened any other way.
 */
import { boot } from '../main.ts';
import { Cmi5Adapter } from '../lms/cmi5.ts';
import { readLaunchParameters } from '../lms/cmi5-launch.ts';
import { StandaloneAdapter } from '../lms/standalone.ts';

boot((course) => {
  const launch = readLaunchParameters(window.location.search);
  // The adapter names the choices and the scale in its statements from the course.
  return launch ? new Cmi5Adapter(launch, course) : new StandaloneAdapter();
});
