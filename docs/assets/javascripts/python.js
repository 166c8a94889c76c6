// Python in the page: the vendored Pyodide (assets/pyodide/) with the
// checkout's purenn importable, for the pages that run or step through code.
//
//   twinnets.python()    a Promise of the Pyodide instance. The first call
//                        loads Pyodide and unpacks assets/purenn.zip (written
//                        by the build from purenn/) onto its sys.path; later
//                        calls return the same Promise. Nothing is fetched
//                        before the first call. If loading fails the Promise
//                        rejects and the next call tries again.
//   twinnets.fromDisk    true when the page was opened from disk (file://),
//                        where the browser refuses to load Pyodide's modules.
//   twinnets.SERVE_HINT  the one line that tells how to serve the site.
//   twinnets.root        the site's root URL, found from this script's own URL
//                        (assets/javascripts/python.js), so any page depth works.
//   twinnets.PURENN_DIR  where purenn is unpacked in Pyodide's file system.
(function () {
  "use strict";

  var ns = (window.twinnets = window.twinnets || {});
  var script = document.currentScript;
  ns.root = new URL("../../", script ? script.src : document.baseURI).href;
  ns.fromDisk = window.location.protocol === "file:";
  ns.SERVE_HINT =
    "Python runs here only from a web server: serve the site with " +
    "`mkdocs serve`, or `python -m http.server -d site`, and open it there.";
  ns.PURENN_DIR = "/home/pyodide/twinnets";

  var loading = null;

  async function load() {
    if (ns.fromDisk) {
      throw new Error(ns.SERVE_HINT);
    }
    var indexURL = ns.root + "assets/pyodide/";
    var module = await import(indexURL + "pyodide.mjs");
    var pyodide = await module.loadPyodide({ indexURL: indexURL });
    var response = await fetch(ns.root + "assets/purenn.zip");
    if (!response.ok) {
      throw new Error("assets/purenn.zip: HTTP " + response.status);
    }
    pyodide.unpackArchive(await response.arrayBuffer(), "zip", {
      extractDir: ns.PURENN_DIR,
    });
    pyodide.runPython(
      "import sys\n" +
        "if " + JSON.stringify(ns.PURENN_DIR) + " not in sys.path:\n" +
        "    sys.path.insert(0, " + JSON.stringify(ns.PURENN_DIR) + ")\n" +
        "import purenn\n"
    );
    return pyodide;
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
})();
