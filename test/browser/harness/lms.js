// The LMS side of the browser tests, standing in for Moodle's SCORM player: scorm-again's
// Scorm2004API as window.API_1484_11, and the package's index.html in an iframe.
// Every call is logged; every rejected call and every scorm-again error is collected so the
// tests can fail on them; the faults the tests switch on are in lms-faults.js.
(function () {
  var log = window.lmsLog;

  /** cmi: a `cmi` object as renderCMIToJSONObject().cmi returns it, to resume from; or null. */
  function createApi(cmi) {
    var api = new window.Scorm2004API({
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
      { initialize: 'Initialize', terminate: 'Terminate', getValue: 'GetValue', setValue: 'SetValue', commit: 'Commit', lastError: 'GetLastError', errorString: 'GetErrorString' },
      { initialize: '102', commit: '391' },
      false,
    );
    window.API_1484_11 = api;
  }

  /**
   * The course in an iframe, as Moodle shows it by default. options.noApi: no API object at all
   * (the page was opened outside the LMS's frame); options.tall: see showCourse.
   */
  window.startLms = function (cmi, src, options) {
    if (!(options && options.noApi)) createApi(cmi);
    window.showCourse(src, options);
  };

  /** The course in a new window, as Moodle's "new window" display opens it. */
  window.startLmsPopup = function (cmi, src) {
    createApi(cmi);
    window.open(src, 'course');
  };

  window.cmiData = function () {
    return window.API_1484_11.renderCMIToJSONObject();
  };
})();
