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
  fitFormulas();
  document.fonts.ready.then(fitFormulas);
});

// A display formula wider than the column (on a phone) is set smaller, down
// to MIN_SCALE of its size, so that it fits; one that would need to be
// smaller still keeps MIN_SCALE and scrolls in its own box. Fitted again
// when KaTeX's fonts have loaded (a formula is wider in them than in the
// fallback font), when the window changes size and when a tab shows hidden
// formulas.
var MIN_SCALE = 0.7;
var KATEX_SIZE = 1.21; // em: the size katex.min.css gives .katex

function fitFormulas() {
  document.querySelectorAll("div.arithmatex > .katex-display").forEach(function (display) {
    var formula = display.querySelector(":scope > .katex");
    var box = display.parentElement;
    if (formula === null || box.clientWidth === 0) {
      return; // not typeset, or hidden in a tab
    }
    formula.style.fontSize = "";
    var style = getComputedStyle(display);
    var room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    var scale = 1;
    // Not every length scales with the font (borders, rounding): measure again.
    for (var pass = 0; pass < 3; pass++) {
      var width = Math.max(formula.getBoundingClientRect().width, formula.scrollWidth);
      if (width <= room || scale === MIN_SCALE) {
        break;
      }
      scale = Math.max(MIN_SCALE, Math.floor(((scale * room) / width) * 1000) / 1000);
      formula.style.fontSize = KATEX_SIZE * scale + "em";
    }
  });
}

document.fonts.addEventListener("loadingdone", fitFormulas);
window.addEventListener("resize", fitFormulas);
document.addEventListener("change", function (event) {
  if (event.target.closest(".tabbed-set")) {
    fitFormulas();
  }
});
