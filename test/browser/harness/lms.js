// The LMS side of the browser tests, standing in for Moodle's SCORM player: scorm-again's
// Scorm2004API as window.API_1484_11, and the package's index.html in an iframe.
// Every call is logged; every rejected call and every scorm-again error is collected so the
// tests can fail on them.
(function () {
  var log = { calls: [], rejected: [], errors: [], failCommits: 0 };
  window.lmsLog = log;

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
    ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit'].forEach(function (name) {
      var original = api[name];
      api[name] = function (a, b) {
        if (name === 'Commit' && log.failCommits > 0) {
          // Simulates a lost connection: the LMS answers "false" with a general commit failure.
          log.failCommits--;
          log.calls.push([name, a, b, 'false(simulated)']);
          return 'false';
        }
        var result = original.call(api, a, b);
        log.calls.push([name, a, b, result]);
        if (name !== 'GetValue' && String(result) !== 'true') {
          var code = api.GetLastError();
          log.rejected.push({ call: name, element: a, value: b, code: code, text: api.GetErrorString(code) });
        }
        return result;
      };
    });
    window.API_1484_11 = api;
  }

  /** The course in an iframe, as Moodle shows it by default. */
  window.startLms = function (cmi, src) {
    createApi(cmi);
    var frame = document.createElement('iframe');
    frame.title = 'course';
    frame.src = src;
    document.body.appendChild(frame);
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
