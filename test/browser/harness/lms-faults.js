// What the LMS pages of the browser tests (lms.js for SCORM 2004, lms12.js for 1.2) share: the
// log of every call, and the faults an LMS shows in the field, switched on by the tests through
// window.lmsLog:
//
// - failCommits: the next n commits answer "false", as when the connection is lost for a while.
// - offline: Commit and Terminate throw, as Moodle's synchronous XMLHttpRequest does without a
//   network ("NetworkError: Failed to execute 'send'"); SetValue still works, it stays in the page.
// - failInitialize: Initialize answers "false" (general initialisation failure).
// - reject: { element: a regular expression, code }: SetValue of a matching element answers
//   "false" with that error code, as an LMS stricter than the player expects.
// - delayMs: every Initialize, GetValue, SetValue, Commit and Terminate blocks the page this long,
//   as a synchronous LMS on a slow network does.
//
// `committed` is the data model as the last successful Commit or Terminate left it: what the
// LMS's server holds. Values set without a commit after them are not in it, as in Moodle.
// `spans` gives when each call ran and `longTasks` every task longer than 50 ms the browser saw
// (Long Tasks API), on one clock (ms since the epoch), so a test can tell how many LMS calls
// one task made.
(function () {
  var log = { calls: [], rejected: [], errors: [], spans: [], longTasks: [], committed: null, failCommits: 0, offline: false, failInitialize: false, reject: null, delayMs: 0 };
  window.lmsLog = log;

  var now = function () {
    return performance.timeOrigin + performance.now();
  };
  var keep = function (entries) {
    entries.forEach(function (e) {
      log.longTasks.push({ start: performance.timeOrigin + e.startTime, end: performance.timeOrigin + e.startTime + e.duration });
    });
  };
  var observer = null;
  try {
    observer = new PerformanceObserver(function (list) {
      keep(list.getEntries());
    });
    observer.observe({ type: 'longtask', buffered: true });
  } catch (e) {
    // No Long Tasks API: the tests that need it find no long tasks and say so.
  }
  /** The log, with the long tasks the observer has not reported yet. */
  window.lmsLogNow = function () {
    if (observer) keep(observer.takeRecords());
    return log;
  };

  /**
   * Wraps an API object's calls. `names` maps the roles to the standard's method names:
   * { initialize, terminate, getValue, setValue, commit, lastError, errorString }.
   * `codes` are the error codes a failed Initialize and a failed Commit leave (2004: 102 and
   * 391; 1.2 has only its general exception, 101). GetValue counts
   * as refused only with `getValueErrors`: in 2004 an element not set yet answers 403, which is
   * how the standard says "nothing stored", not a fault.
   */
  window.wrapLmsApi = function (api, names, codes, getValueErrors) {
    var forcedError = null;
    var original = {};
    [names.initialize, names.terminate, names.getValue, names.setValue, names.commit, names.lastError].forEach(function (n) {
      original[n] = api[n];
    });
    var lastError = function () {
      return forcedError !== null ? forcedError : String(original[names.lastError].call(api));
    };
    api[names.lastError] = lastError;
    [names.initialize, names.terminate, names.getValue, names.setValue, names.commit].forEach(function (name) {
      api[name] = function (a, b) {
        var start = now();
        if (log.delayMs > 0) {
          var until = start + log.delayMs;
          while (now() < until) {
            // blocking, as a synchronous request does
          }
        }
        forcedError = null;
        var simulated = null;
        if (name === names.commit && log.failCommits > 0) {
          log.failCommits--;
          simulated = 'false';
          forcedError = codes.commit;
        } else if ((name === names.commit || name === names.terminate) && log.offline) {
          log.calls.push([name, a, b, 'throw(simulated)']);
          log.spans.push({ name: name, start: start, end: now() });
          throw new DOMException("Failed to execute 'send' on 'XMLHttpRequest': Failed to load '/mod/scorm/datamodel.php'.", 'NetworkError');
        } else if (name === names.initialize && log.failInitialize) {
          simulated = 'false';
          forcedError = codes.initialize;
        } else if (name === names.setValue && log.reject && new RegExp(log.reject.element).test(a)) {
          simulated = 'false';
          forcedError = log.reject.code;
        }
        if (simulated !== null) {
          log.calls.push([name, a, b, simulated + '(simulated)']);
          log.spans.push({ name: name, start: start, end: now() });
          return simulated;
        }
        var result = original[name].call(api, a, b);
        log.calls.push([name, a, b, result]);
        log.spans.push({ name: name, start: start, end: now() });
        var code = lastError();
        if (name === names.getValue ? getValueErrors && code !== '0' : String(result) !== 'true') {
          log.rejected.push({ call: name, element: a, value: b, code: code, text: api[names.errorString](code) });
        }
        if ((name === names.commit || name === names.terminate) && String(result) === 'true') {
          log.committed = JSON.parse(JSON.stringify(api.renderCMIToJSONObject()));
        }
        return result;
      };
    });
  };

  /**
   * The course page in an iframe. `options.tall` puts it inside a page much taller than the
   * window, as Moodle's page with its header, "Exit activity" button and footer.
   */
  window.showCourse = function (src, options) {
    var frame = document.createElement('iframe');
    frame.title = 'course';
    frame.src = src;
    if (options && options.tall) {
      var header = document.createElement('div');
      header.id = 'lms-header';
      header.style.height = '600px';
      header.textContent = 'LMS header: Exit activity';
      var footer = document.createElement('div');
      footer.style.height = '2000px';
      frame.style.height = '1600px';
      document.body.append(header, frame, footer);
    } else {
      document.body.appendChild(frame);
    }
  };
})();
