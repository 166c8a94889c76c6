// A module worker that runs Python for the pages (python.js's twinnets.run):
// the "run it here" examples and the step-through page's recording, with
// purenn in Pyodide, off the page's thread: the page stays responsive while a
// training run takes its seconds, and what the code prints arrives line by
// line. It loads Pyodide with pyodide-load.mjs, as twinnets.python() does.
//
// Messages in:  {root, id, code, plot, keep}
// Messages out: {id, kind: "loaded", pyodide, python}     once Pyodide is ready
//               {id, kind: "out", text}                   a line the code printed
//               {id, kind: "done", ok, plot, kept, requests}
//                                                         ok false after an exception;
//                                                         plot: the list named plot, as
//                                                         numbers; kept: the string named
//                                                         keep; requests: every URL this
//                                                         worker fetched (its resource
//                                                         timings)
//               {id, kind: "failed", text}                Pyodide could not load
import { loadPurenn } from "./pyodide-load.mjs";

const RUNNER = `
import json, sys, traceback

def _twinnets_run(code, plot, keep):
    namespace = {"__name__": "__main__"}
    try:
        exec(compile(code, "example.py", "exec"), namespace)
    except BaseException as error:
        sys.stdout.flush()
        traceback.print_exception(type(error), error, error.__traceback__.tb_next)
        sys.stderr.flush()
        return json.dumps({"ok": False, "plot": None, "kept": None})
    sys.stdout.flush()
    values = namespace.get(plot) if plot else None
    if values is not None:
        try:
            values = [float(v) for v in values]
        except (TypeError, ValueError):
            values = None
    kept = namespace.get(keep) if keep else None
    return json.dumps({"ok": True, "plot": values, "kept": kept if isinstance(kept, str) else None})
`;

let loading = null;

async function load(root) {
  const pyodide = await loadPurenn(root);
  pyodide.runPython(RUNNER);
  return pyodide;
}

self.onmessage = async (event) => {
  const { root, id, code, plot, keep } = event.data;
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
    const result = JSON.parse(run(code, plot || "", keep || ""));
    const requests = performance.getEntriesByType("resource").map((entry) => entry.name);
    self.postMessage({
      id,
      kind: "done",
      ok: result.ok,
      plot: result.plot,
      kept: result.kept,
      requests,
    });
  } finally {
    run.destroy();
  }
};
