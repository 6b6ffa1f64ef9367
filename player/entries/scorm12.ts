/** The SCORM 1.2 package's player: the LMS's `API`, or standalone when there is none. */
import { boot } from '../main.ts';
import { findApi } from '../lms/find-api.ts';
import { Scorm12Adapter, type Scorm12Api } from '../lms/scorm12.ts';
import { StandaloneAdapter } from '../lms/standalone.ts';

boot(() => {
  // SCORM 1.2 names the object `API`; the LMS puts it in a parent or opener window as 2004 does.
  const api = findApi<Scorm12Api>('API');
  return api ? new Scorm12Adapter(api) : new StandaloneAdapter();
});
