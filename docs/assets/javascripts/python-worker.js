// A module worker that runs the pages' examples (run-here.js) with purenn in
// Pyodide, off the page's thread: the page stays responsive while a training
// run takes its seconds, and what the code prints arrives line by line.
// It loads Pyodide as python.js does (same files, same purenn.zip, same
// folder on sys.path).
//
// Messages in:  {root, id, code, plot}
// Messages out: {id, kind: "loaded", pyodide, python}     once Pyodide is ready
//               {id, kind: "out", text}                   a line the code printed
//               {id, kind: "done", ok, plot, requests}    ok false after an exception;
//                                                         requests: every URL this worker
//                                                         fetched (its resource timings)
//               {id, kind: "failed", text}                Pyodide could not load
const PURENN_DIR = "/home/pyodide/twinnets";

const RUNNER = `
import json, sys, traceback

def _twinnets_run(code, plot):
    namespace = {"__name__": "__main__"}
    try:
        exec(compile(code, "example.py", "exec"), namespace)
    except BaseException as error:
        sys.stdout.flush()
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        sys.stderr.flush()
        return json.dumps({"ok": False, "plot": None})
    sys.stdout.flush()
    values = namespace.get(plot) if plot else None
    if values is not None:
        try:
            values = [float(v) for v in values]
        except (TypeError, ValueError):
            values = None
    return json.dumps({"ok": True, "plot": values})
`;

let loading = null;

async function load(root) {
  const indexURL = root + "assets/pyodide/";
  const module = await import(indexURL + "pyodide.mjs");
  const pyodide = await module.loadPyodide({ indexURL: indexURL });
  const response = await fetch(root + "assets/purenn.zip");
  if (!response.ok) {
    throw new Error("assets/purenn.zip: HTTP " + response.status);
  }
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: PURENN_DIR });
  pyodide.runPython(
    "import sys\n" +
      "if " + JSON.stringify(PURENN_DIR) + " not in sys.path:\n" +
      "    sys.path.insert(0, " + JSON.stringify(PURENN_DIR) + ")\n" +
      RUNNER
  );
  return pyodide;
}

self.onmessage = async (event) => {
  const { root, id, code, plot } = event.data;
  let pyodide;
  try {
    if (loading === null) {
      loading = load(root);
      loading.catch(() => {
        loading = null;
      });
    }
    pyodide = await loading;
  } catch (error) {
    self.postMessage({ id, kind: "failed", text: String((error && error.message) || error) });
    return;
  }
  self.postMessage({
    id,
    kind: "loaded",
    pyodide: pyodide.version,
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
  });
  const print = (text) => self.postMessage({ id, kind: "out", text: text + "\n" });
  pyodide.setStdout({ batched: print });
  pyodide.setStderr({ batched: print });
  const run = pyodide.globals.get("_twinnets_run");
  try {
    const result = JSON.parse(run(code, plot || ""));
    const requests = performance.getEntriesByType("resource").map((entry) => entry.name);
    self.postMessage({ id, kind: "done", ok: result.ok, plot: result.plot, requests });
  } finally {
    run.destroy();
  }
};
