/** The SCORM 2004 package's player: the LMS's API_1484_11, or standalone when there is none. */
import { boot } from '../main.ts';
import { findApi } from '../lms/find-api.ts';
import { Scorm2004Adapter, type Scorm2004Api } from '../lms/scorm2004.ts';
import { StandaloneAdapter } from '../lms/standalone.ts';

boot(() => {
  const api = findApi<Scorm2004Api>('API_1484_11');
  return api ? new Scorm2004Adapter(api) : new StandaloneAdapter();
});
