// The SCORM 1.2 side of the browser tests, as lms.js is for 2004: scorm-again's Scorm12API as
// window.API, the package's index.html in an iframe. Every call is logged; every refused call
// and every error scorm-again logs is collected so the tests can fail on them; the faults the
// tests switch on are in lms-faults.js.
(function () {
  var log = window.lmsLog;

  /** cmi: a `cmi` object as renderCMIToJSONObject().cmi returns it, to resume from; or null. */
  function createApi(cmi) {
    var api = new window.Scorm12API({
      autocommit: false,
      lmsCommitUrl: false,
      logLevel: 4,
      onLogMessage: function (level, message) {
        if (level >= 4) log.errors.push(String(message));
      },
    });
    if (cmi) api.loadFromJSON(cmi, 'cmi');
    window.wrapLmsApi(
      api,
      { initialize: 'LMSInitialize', terminate: 'LMSFinish', getValue: 'LMSGetValue', setValue: 'LMSSetValue', commit: 'LMSCommit', lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString' },
      { initialize: '101', commit: '101' },
      true,
    );
    window.API = api;
  }

  /** As lms.js: options.noApi, options.tall. */
  window.startLms = function (cmi, src, options) {
    if (!(options && options.noApi)) createApi(cmi);
    window.showCourse(src, options);
  };

  window.cmiData = function () {
    return window.API.renderCMIToJSONObject();
  };
})();
