// The "run it here" examples (docs/hooks/run_here.py writes their HTML): the
// reader edits the code and presses run; twinnets.run (python.js) runs it with the
// checkout's purenn in Pyodide and sends back what it prints, shown below the
// code. An example that leaves a list of numbers behind (data-plot) gets it
// drawn as an error curve, in SVG. Nothing of Pyodide is fetched before the
// first press; from disk (file://) the button says in one line how to serve
// the site. Needs python.js (twinnets.run, started, fromDisk, SERVE_HINT).
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  function seconds(ms) {
    return (ms / 1000).toFixed(1) + " s";
  }

  function run(widget) {
    var button = widget.querySelector(".run-here-run");
    var status = widget.querySelector(".run-here-status");
    var output = widget.querySelector(".run-here-output code");
    var caption = widget.querySelector(".run-here-caption");
    var plot = widget.querySelector(".run-here-plot");
    if (twinnets.fromDisk) {
      status.textContent = twinnets.SERVE_HINT;
      widget.classList.add("run-here-disk");
      return;
    }
    var started = performance.now();
    var first = true;
    var banner = "";
    button.disabled = true;
    widget.dataset.state = "running";
    delete widget.dataset.firstOutputMs;
    status.textContent = twinnets.started() ? "Running…" : "Loading Python (once)…";
    function begin() {
      if (first) {
        first = false;
        widget.dataset.firstOutputMs = String(Math.round(performance.now() - started));
        output.textContent = "";
        plot.textContent = "";
        caption.textContent = "Printed in this browser by purenn on " + banner + ".";
      }
    }
    function listen(message) {
      if (message.kind === "loaded") {
        banner = "Pyodide " + message.pyodide + " (CPython " + message.python + ")";
        status.textContent = "Running…";
      } else if (message.kind === "out") {
        begin();
        output.textContent += message.text;
      } else {
        button.disabled = false;
        var took = seconds(performance.now() - started);
        if (message.kind === "failed") {
          widget.dataset.state = "failed";
          status.textContent = "Python could not be loaded: " + message.text;
          return;
        }
        begin();
        // What the worker fetched, for a test to check that all came from this site.
        widget.twinnetsRequests = message.requests || [];
        if (output.textContent === "") {
          output.textContent = "(nothing printed)";
        }
        widget.dataset.state = message.ok ? "done" : "error";
        status.textContent = (message.ok ? "Done in " : "Stopped by an exception after ") + took;
        if (message.plot && message.plot.length > 1) {
          draw(plot, message.plot);
        }
      }
    }
    twinnets.run(
      widget.querySelector(".run-here-code").value,
      { plot: widget.dataset.plot || "" },
      listen
    );
  }

  // --- The error curve -------------------------------------------------------

  function niceStep(range, count) {
    var rough = range / count;
    var power = Math.pow(10, Math.floor(Math.log10(rough)));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * power >= rough) {
        return steps[i] * power;
      }
    }
    return 10 * power;
  }

  function label(value) {
    if (Math.abs(value) >= 1000) {
      return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
    }
    return String(Number(value.toPrecision(3)));
  }

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) {
      node.setAttribute(key, attributes[key]);
    });
    if (parent) {
      parent.appendChild(node);
    }
    return node;
  }

  function text(parent, x, y, content, anchor) {
    var node = element("text", { x: x, y: y, "text-anchor": anchor }, parent);
    node.textContent = content;
    return node;
  }

  function draw(container, values) {
    container.twinnetsValues = values;
    container.textContent = "";
    var width = Math.max(container.clientWidth, 280);
    var height = Math.round(Math.min(300, Math.max(200, width * 0.5)));
    var finite = values.filter(isFinite);
    var low = Math.min.apply(null, finite);
    var high = Math.max.apply(null, finite);
    if (high === low) {
      high = low + 1;
    }
    var yStep = niceStep(high - low, 4);
    var yLow = Math.floor(low / yStep) * yStep;
    var yHigh = Math.ceil(high / yStep) * yStep;
    var left = 8 + 7.5 * Math.max(label(yLow).length, label(yHigh).length);
    var right = 12;
    var top = 24;
    var bottom = 40;
    var n = values.length - 1;
    function sx(i) {
      return left + ((width - left - right) * i) / n;
    }
    function sy(v) {
      return top + ((height - top - bottom) * (yHigh - v)) / (yHigh - yLow);
    }
    var svg = element("svg", {
      class: "run-here-curve",
      width: width,
      height: height,
      viewBox: "0 0 " + width + " " + height,
      role: "img",
      "aria-label": "The error of each of the " + values.length + " training steps",
    });
    var axes = element("g", { class: "run-here-axes" }, svg);
    for (var y = yLow; y <= yHigh + yStep / 2; y += yStep) {
      element("line", { x1: left, x2: width - right, y1: sy(y), y2: sy(y) }, axes);
      text(axes, left - 6, sy(y) + 4, label(y), "end");
    }
    var xStep = niceStep(n, width < 500 ? 4 : 8);
    for (var x = 0; x <= n; x += xStep) {
      text(axes, sx(x), height - bottom + 18, label(x), "middle");
    }
    text(axes, (left + width - right) / 2, height - 6, "step", "middle");
    text(axes, left, 14, "error", "start");
    var points = [];
    for (var i = 0; i <= n; i++) {
      if (isFinite(values[i])) {
        points.push(sx(i).toFixed(1) + "," + sy(values[i]).toFixed(1));
      }
    }
    element("polyline", { class: "run-here-line", points: points.join(" ") }, svg);
    container.appendChild(svg);
  }

  window.addEventListener("resize", function () {
    document.querySelectorAll(".run-here-plot").forEach(function (container) {
      if (container.twinnetsValues) {
        draw(container, container.twinnetsValues);
      }
    });
  });

  function setUp() {
    document.querySelectorAll(".run-here").forEach(function (widget) {
      if (widget.dataset.ready) {
        return;
      }
      widget.dataset.ready = "1";
      widget.querySelector(".run-here-run").addEventListener("click", function () {
        run(widget);
      });
      widget.querySelector(".run-here-reset").addEventListener("click", function () {
        var code = widget.querySelector(".run-here-code");
        code.value = code.defaultValue;
      });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
