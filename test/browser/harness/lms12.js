// The SCORM 1.2 side of the browser tests, as lms.js is for 2004: scorm-again's Scorm12API as
// window.API, the package's index.html in an iframe. Every call is logged; every refused call
// and every error scorm-again logs is collected so the tests can fail on them.
(function () {
  var log = { calls: [], rejected: [], errors: [], failCommits: 0 };
  window.lmsLog = log;

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
    ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit'].forEach(function (name) {
      var original = api[name];
      api[name] = function (a, b) {
        if (name === 'LMSCommit' && log.failCommits > 0) {
          // Simulates a lost connection: "false" with a general exception, as Moodle answers.
          log.failCommits--;
          log.calls.push([name, a, b, 'false(simulated)']);
          return 'false';
        }
        var result = original.call(api, a, b);
        log.calls.push([name, a, b, result]);
        var code = String(api.LMSGetLastError());
        if (name !== 'LMSGetValue' ? String(result) !== 'true' : code !== '0') {
          log.rejected.push({ call: name, element: a, value: b, code: code, text: api.LMSGetErrorString(code) });
        }
        return result;
      };
    });
    window.API = api;
  }

  window.startLms = function (cmi, src) {
    createApi(cmi);
    var frame = document.createElement('iframe');
    frame.title = 'course';
    frame.src = src;
    document.body.appendChild(frame);
  };

  window.cmiData = function () {
    return window.API.renderCMIToJSONObject();
  };
})();
