// Python in the page: the vendored Pyodide (assets/pyodide/) with the
// checkout's purenn importable, for the pages that run or step through code.
// The loading itself is in pyodide-load.mjs, shared with python-worker.js.
//
//   twinnets.run(code, options, listener)
//                        runs code in the site's Python worker
//                        (python-worker.js), off the page's thread, so the page
//                        stays responsive. options: {plot, keep}, names of
//                        variables the code leaves behind (a list of numbers to
//                        draw; a string to send back). listener gets the
//                        worker's messages: "loaded" (once Python is ready),
//                        "out" (a printed line), then "done" or "failed". The
//                        first call starts the worker, which loads Python once.
//   twinnets.started()   whether the worker has been started.
//   twinnets.python()    a Promise of a Pyodide instance on the page's own
//                        thread (it blocks the page while it runs). The first
//                        call loads it; later calls return the same Promise.
//                        If loading fails the Promise rejects and the next call
//                        tries again.
//   twinnets.fromDisk    true when the page was opened from disk (file://),
//                        where the browser refuses to load Pyodide's modules;
//                        there run() reports "failed" and python() rejects, both
//                        with SERVE_HINT, and nothing is fetched.
//   twinnets.SERVE_HINT  the one line that tells how to serve the site.
//   twinnets.root        the site's root URL, found from this script's own URL
//                        (assets/javascripts/python.js), so any page depth works.
// Nothing is fetched before the first call of run() or python().
(function () {
  "use strict";

  var ns = (window.twinnets = window.twinnets || {});
  var script = document.currentScript;
  ns.root = new URL("../../", script ? script.src : document.baseURI).href;
  ns.fromDisk = window.location.protocol === "file:";
  ns.SERVE_HINT =
    "Python runs here only from a web server: serve the site with " +
    "`mkdocs serve`, or `python -m http.server -d site`, and open it there.";

  var loading = null;

  async function load() {
    if (ns.fromDisk) {
      throw new Error(ns.SERVE_HINT);
    }
    var loader = await import(ns.root + "assets/javascripts/pyodide-load.mjs");
    return loader.loadPurenn(ns.root);
  }

  ns.python = function () {
    if (loading === null) {
      loading = load();
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  };

  var worker = null;
  var listeners = {};
  var nextId = 1;

  function getWorker() {
    if (worker === null) {
      worker = new Worker(ns.root + "assets/javascripts/python-worker.js", { type: "module" });
      worker.onmessage = function (event) {
        var listener = listeners[event.data.id];
        if (listener) {
          if (event.data.kind === "done" || event.data.kind === "failed") {
            delete listeners[event.data.id];
          }
          listener(event.data);
        }
      };
      worker.onerror = function (event) {
        var text = event.message || "the worker failed";
        Object.keys(listeners).forEach(function (id) {
          var listener = listeners[id];
          delete listeners[id];
          listener({ id: Number(id), kind: "failed", text: text });
        });
      };
    }
    return worker;
  }

  ns.started = function () {
    return worker !== null;
  };

  ns.run = function (code, options, listener) {
    var id = nextId++;
    if (ns.fromDisk) {
      listener({ id: id, kind: "failed", text: ns.SERVE_HINT });
      return;
    }
    listeners[id] = listener;
    getWorker().postMessage({
      root: ns.root,
      id: id,
      code: code,
      plot: (options && options.plot) || "",
      keep: (options && options.keep) || "",
    });
  };
})();
