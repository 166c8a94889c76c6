// Loading the vendored Pyodide with the checkout's purenn importable: the one
// copy of it, imported by python.js (twinnets.python(), on the page's thread)
// and by python-worker.js (the examples and the step recorder, off it).
//
//   loadPurenn(root)  a Promise of a Pyodide instance: the files of
//                     ROOT/assets/pyodide/, then ROOT/assets/purenn.zip (written
//                     by the build from purenn/) unpacked into PURENN_DIR, put on
//                     sys.path, and purenn imported. root: the site's root URL.

export const PURENN_DIR = "/home/pyodide/twinnets";

export async function loadPurenn(root) {
  const indexURL = root + "assets/pyodide/";
  const module = await import(indexURL + "pyodide.mjs");
  const pyodide = await module.loadPyodide({ indexURL: indexURL });
  const response = await fetch(root + "assets/purenn.zip");
  if (!response.ok) {
    throw new Error("assets/purenn.zip: HTTP " + response.status);
  }
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: PURENN_DIR });
  const folder = JSON.stringify(PURENN_DIR);
  pyodide.runPython(
    "import sys\n" +
      "if " + folder + " not in sys.path:\n" +
      "    sys.path.insert(0, " + folder + ")\n" +
      "import purenn\n"
  );
  return pyodide;
}
