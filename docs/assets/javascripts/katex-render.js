// Typeset the math with the vendored KaTeX, once per page load.
//
// pymdownx.arithmatex (generic mode) leaves each formula as text in an element
// of class "arithmatex": \( ... \) in a <span> for inline math, \[ ... \] in a
// <div> for display math. Material's document$ emits after every page load.
document$.subscribe(function () {
  document.querySelectorAll(".arithmatex").forEach(function (element) {
    if (element.querySelector(".katex")) {
      return; // already typeset
    }
    var tex = element.textContent.trim();
    var display = element.tagName === "DIV";
    tex = tex.replace(/^\\[([]/, "").replace(/\\[)\]]$/, "");
    katex.render(tex, element, { displayMode: display, throwOnError: false });
  });
});
