// Step through one training step of purenn, forwards and backwards.
//
// A <div class="stepper"> on the page becomes a viewer. "Record a step" runs
// purenn.support.trace.record_step_json in the page, through Pyodide
// (twinnets.run, from python.js, in a worker), and the viewer then replays the
// recorded events: the current function's source with the line about to run,
// the call stack, and each frame's local variables (numbers with their repr
// and float.hex, matrices as tables with their shape, the entry being
// computed marked). Stepping is moving through the recorded events; the trace
// says where each command goes from each event (into, over, out, back,
// back_over, back_out), so going backwards is as exact as going forwards.
//
// Keys, while the viewer has the focus: s or → step into, n step over,
// r step out, b or ← step back, p back over, Shift+R back out, Home and End.
// From disk (file://) the controls show twinnets.SERVE_HINT instead.
(function () {
  "use strict";

  var COMMANDS = [
    ["back_out", "Back out", "Shift+R", "Back to the line that called this function"],
    ["back_over", "Back over", "p", "Back to the previous line of this function"],
    ["back", "Step back", "b ←", "Back one event"],
    ["into", "Step into", "s →", "The next event, into a call"],
    ["over", "Step over", "n", "The next line of this function: a call runs whole"],
    ["out", "Step out", "r", "Run to the end of this function, back in its caller"],
  ];
  var KEYS = {
    s: "into", ArrowRight: "into", n: "over", r: "out",
    b: "back", ArrowLeft: "back", p: "back_over", R: "back_out",
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else if (name === "className") node.className = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  // A number as a cell shows it: five significant digits (the full repr on hover).
  function brief(text) {
    var x = Number(text);
    if (!isFinite(x) || x === 0 || /^-?\d+$/.test(text)) return text;
    var size = Math.abs(x);
    var shown = size >= 1e-3 && size < 1e5 ? x.toPrecision(5) : x.toExponential(3);
    return shown.replace(/(\.\d*?)0+(e|$)/, "$1$2").replace(/\.(e|$)/, "$1");
  }

  function Stepper(root) {
    this.root = root;
    this.rows = Number(root.getAttribute("data-rows") || "4");
    this.trace = null;
    this.at = 0;
    this.frame = null; // the frame shown, when the reader picked one in the stack
    this.full = false;
    this.build();
  }

  Stepper.prototype.build = function () {
    var self = this;
    var root = this.root;
    root.textContent = "";
    root.setAttribute("tabindex", "0");
    this.bar = el("div", { className: "stepper-bar" });
    this.status = el("p", { className: "stepper-status", role: "status" });
    root.appendChild(this.bar);
    root.appendChild(this.status);
    var ns = window.twinnets || {};
    if (ns.fromDisk || typeof ns.run !== "function") {
      this.bar.appendChild(
        el("p", { className: "stepper-hint", text: ns.SERVE_HINT || "Python in the page did not load." })
      );
      return;
    }
    this.record = el("button", { type: "button", className: "md-button md-button--primary stepper-record" }, [
      "Record a step",
    ]);
    this.record.addEventListener("click", function () {
      self.recordStep();
    });
    this.bar.appendChild(this.record);
    this.controls = el("div", { className: "stepper-controls", hidden: "" });
    this.buttons = {};
    COMMANDS.forEach(function (command) {
      var button = el("button", {
        type: "button",
        className: "md-button stepper-" + command[0].replace("_", "-"),
        title: command[3] + " (" + command[2] + ")",
        "data-command": command[0],
      }, [command[1]]);
      button.addEventListener("click", function () {
        self.go(command[0]);
      });
      self.buttons[command[0]] = button;
      self.controls.appendChild(button);
    });
    this.slider = el("input", { type: "range", min: "0", max: "0", value: "0", "aria-label": "Event" });
    this.slider.addEventListener("input", function () {
      self.show(Number(self.slider.value));
    });
    this.counter = el("span", { className: "stepper-counter" });
    var digits = el("input", { type: "checkbox" });
    digits.addEventListener("change", function () {
      self.full = digits.checked;
      self.render();
    });
    this.controls.appendChild(el("span", { className: "stepper-position" }, [this.slider, this.counter]));
    this.controls.appendChild(el("label", { className: "stepper-digits" }, [digits, " all digits"]));
    this.bar.appendChild(this.controls);
    this.view = el("div", { className: "stepper-view", hidden: "" });
    this.source = el("div", { className: "stepper-source" });
    this.stack = el("div", { className: "stepper-stack" });
    this.locals = el("div", { className: "stepper-locals" });
    this.view.appendChild(el("div", { className: "stepper-main" }, [this.source, this.stack]));
    this.view.appendChild(el("div", { className: "stepper-side" }, [this.locals]));
    root.appendChild(this.view);
    root.addEventListener("keydown", function (event) {
      self.key(event);
    });
  };

  // Record the step in the site's Python worker (twinnets.run, python.js), off
  // the page's thread, and show it.
  Stepper.prototype.recordStep = function () {
    var self = this;
    var started = performance.now();
    var loaded = null;
    this.record.disabled = true;
    this.status.textContent = window.twinnets.started()
      ? "Recording the step…"
      : "Loading Python (about 13 MB, the first time) and recording the step…";
    var code =
      "from purenn.support.trace import record_step_json\n" +
      "trace = record_step_json(" + this.rows + ")\n";
    var printed = "";
    window.twinnets.run(code, { keep: "trace" }, function (message) {
      if (message.kind === "loaded") {
        loaded = performance.now();
        return;
      }
      if (message.kind === "out") {
        printed += message.text;
        return;
      }
      self.record.disabled = false;
      if (message.kind === "failed" || !message.ok || message.kept === null) {
        var why = message.kind === "failed" ? message.text : printed || "no trace came back";
        self.status.textContent = "Could not record the step: " + why;
        return;
      }
      var recorded = performance.now();
      var text = message.kept;
      var t = JSON.parse(text);
      self.root.setAttribute("data-load-ms", String(Math.round(loaded - started)));
      self.root.setAttribute("data-record-ms", String(Math.round(recorded - loaded)));
      self.root.setAttribute("data-trace-bytes", String(text.length));
      var said =
        "Recorded " + t.events.length.toLocaleString("en") + " events of one step on " +
        t.settings.rows + " rows in " + ((recorded - loaded) / 1000).toFixed(1) + " s (Python " +
        t.python + " in this page; loading it took " + ((loaded - started) / 1000).toFixed(1) + " s).";
      self.load(t, t.complete ? said : said + " " + t.message);
      self.record.textContent = "Record again";
      self.root.focus({ preventScroll: true });
    });
  };

  // Show a recorded trace (what record_step returns), from its first event.
  Stepper.prototype.load = function (trace, said) {
    this.trace = trace;
    this.status.textContent = said;
    this.controls.hidden = false;
    this.view.hidden = false;
    this.slider.max = String(trace.events.length - 1);
    this.show(0);
    this.root.setAttribute("data-ready", "true");
  };

  Stepper.prototype.go = function (command) {
    if (this.trace) this.show(this.trace[command][this.at]);
  };

  Stepper.prototype.key = function (event) {
    if (!this.trace || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target && event.target.tagName === "INPUT" && event.key.indexOf("Arrow") === 0) return;
    var command = KEYS[event.key];
    var to = event.key === "Home" ? 0 : event.key === "End" ? this.trace.events.length - 1 : null;
    if (command === undefined && to === null) return;
    // The theme binds n, p and s to its own shortcuts: keep them for the viewer.
    event.preventDefault();
    event.stopPropagation();
    if (command !== undefined) this.go(command);
    else this.show(to);
  };

  Stepper.prototype.show = function (at) {
    this.at = Math.max(0, Math.min(at, this.trace.events.length - 1));
    this.frame = null;
    this.render();
  };

  Stepper.prototype.render = function () {
    var t = this.trace;
    if (!t) return;
    var event = t.events[this.at];
    var depth = event.stack.length;
    var shown = this.frame === null ? depth - 1 : this.frame;
    this.root.setAttribute("data-event", String(this.at));
    this.slider.value = String(this.at);
    this.counter.textContent = "event " + (this.at + 1) + " of " + t.events.length;
    var self = this;
    COMMANDS.forEach(function (command) {
      self.buttons[command[0]].disabled = t[command[0]][self.at] === self.at;
    });
    this.renderSource(event, shown);
    this.renderStack(event, shown);
    this.renderLocals(event, shown);
  };

  Stepper.prototype.renderSource = function (event, shown) {
    var t = this.trace;
    var frame = event.stack[shown];
    var f = t.functions[frame[0]];
    var lines = t.files[f.file].split("\n");
    var current = shown === event.stack.length - 1;
    var what = !current ? "waiting for the call on this line to return"
      : event.kind === "call" ? "called: its arguments are on the right"
      : event.kind === "return" ? "returns: the value is on the right"
      : "the highlighted line runs next";
    var header = el("p", { className: "stepper-where" }, [
      el("code", { text: f.file }), " · ", el("strong", { text: f.name }), " · " + what,
    ]);
    var code = el("div", { className: "stepper-code" });
    var target = null;
    for (var n = f.first; n <= f.last; n++) {
      var text = lines[n - 1] || "";
      var hash = text.indexOf("  #");
      var line = el("span", { className: "stepper-line", "data-line": String(n) }, [
        el("span", { className: "stepper-number", text: String(n) }),
        hash >= 0 ? text.slice(0, hash) : text,
      ]);
      if (hash >= 0) line.appendChild(el("span", { className: "stepper-comment", text: text.slice(hash) }));
      if (n === frame[1]) {
        line.className += " stepper-current stepper-" + (current ? event.kind : "caller");
        target = line;
      }
      code.appendChild(line);
    }
    this.source.textContent = "";
    this.source.appendChild(header);
    this.source.appendChild(code);
    if (target !== null) {
      // Scroll the code's own box, never the page.
      code.scrollTop = Math.max(0, target.offsetTop - code.clientHeight / 3);
    }
  };

  Stepper.prototype.renderStack = function (event, shown) {
    var self = this;
    var t = this.trace;
    var list = el("ol", { className: "stepper-frames" });
    event.stack.forEach(function (frame, index) {
      var f = t.functions[frame[0]];
      var item = el("li", { className: index === shown ? "stepper-shown" : "" }, [
        el("button", { type: "button", title: "Show this frame" }, [
          el("code", { text: f.name }), " line " + frame[1],
        ]),
      ]);
      item.firstChild.addEventListener("click", function () {
        self.frame = index;
        self.render();
      });
      list.appendChild(item);
    });
    this.stack.textContent = "";
    this.stack.appendChild(el("h4", { text: "Call stack, the current call last" }));
    this.stack.appendChild(list);
  };

  Stepper.prototype.renderLocals = function (event, shown) {
    var t = this.trace;
    var frame = event.stack[shown];
    var scope = t.scopes[frame[2]];
    var current = shown === event.stack.length - 1;
    var before = this.previousScope(shown);
    var marks = current ? event.marks || [] : [];
    var building = marks.filter(function (m) { return m[0] === "building"; })[0] || null;
    var table = el("table", { className: "stepper-vars" });
    var body = el("tbody");
    var self = this;
    Object.keys(scope).forEach(function (name) {
      if (building !== null && name === building[2]) return; // shown inside C
      var value = t.values[scope[name]];
      var changed = before !== null && before[name] !== scope[name];
      var cell = el("td", { className: "stepper-value" }, [
        self.value(value, name, marks, building, scope),
      ]);
      body.appendChild(el("tr", { "data-name": name, className: changed ? "stepper-changed" : "" }, [
        el("th", { scope: "row" }, [el("code", { text: name })]), cell,
      ]));
    });
    if (current && event.kind === "return") {
      body.appendChild(el("tr", { "data-name": "(returned)", className: "stepper-returned" }, [
        el("th", { scope: "row", text: "returns" }),
        el("td", { className: "stepper-value" }, [this.value(t.values[event.returned], "", [], null, scope)]),
      ]));
    }
    table.appendChild(body);
    this.locals.textContent = "";
    this.locals.appendChild(el("h4", { text: "Local variables of " + t.functions[frame[0]].name }));
    this.locals.appendChild(table);
  };

  // The scope of the same frame at the event before, to mark what changed.
  Stepper.prototype.previousScope = function (shown) {
    if (this.at === 0) return null;
    var now = this.trace.events[this.at].stack;
    var before = this.trace.events[this.at - 1].stack;
    if (before.length <= shown || before[shown][0] !== now[shown][0]) return null;
    return this.trace.scopes[before[shown][2]];
  };

  Stepper.prototype.value = function (value, name, marks, building, scope) {
    var t = this.trace;
    var self = this;
    if (value.t === "num") {
      var box = el("span", { className: "stepper-num", "data-repr": value.repr }, [el("code", { text: value.repr })]);
      if (value.hex !== null) box.appendChild(el("span", { className: "stepper-hex", text: value.hex }));
      return box;
    }
    if (value.t === "matrix" || value.t === "vector") {
      var rows = value.t === "matrix" ? value.rows : [value.items];
      var shape = value.t === "matrix" ? "(" + value.shape.join(", ") + ")" : value.type + " of " + value.items.length;
      if (building !== null && name === building[1]) {
        return this.matrix(this.built(value, t.values[scope[building[2]]], building), name, marks,
          "(" + building[3].join(", ") + "), being computed", building);
      }
      return this.matrix(rows, name, marks, shape, null);
    }
    if (value.t === "record" || value.t === "tuple" || value.t === "list") {
      var parts = value.t === "record"
        ? Object.keys(value.fields).map(function (k) { return [k, value.fields[k]]; })
        : value.items.map(function (v, i) { return ["[" + i + "]", v]; });
      var details = el("details", { className: "stepper-record" }, [
        el("summary", { text: (value.type || value.t) + " of " + parts.length }),
      ]);
      var inner = el("table", { className: "stepper-vars" });
      parts.forEach(function (part) {
        inner.appendChild(el("tr", {}, [
          el("th", {}, [el("code", { text: part[0] })]),
          el("td", {}, [self.value(t.values[part[1]], "", [], null, scope)]),
        ]));
      });
      details.appendChild(inner);
      return details;
    }
    return el("code", { className: "stepper-other", text: value.repr });
  };

  // C as it will be: its finished rows, the row being built, blanks after.
  Stepper.prototype.built = function (C, row, building) {
    var shape = building[3];
    var done = C.t === "matrix" ? C.rows : [];
    var partial = row && row.t === "vector" ? row.items : [];
    var out = [];
    for (var i = 0; i < shape[0]; i++) {
      var cells = [];
      for (var j = 0; j < shape[1]; j++) {
        cells.push(i < done.length ? done[i][j] : i === done.length && j < partial.length ? partial[j] : null);
      }
      out.push(cells);
    }
    return out;
  };

  Stepper.prototype.matrix = function (rows, name, marks, caption, building) {
    var self = this;
    var wrap = el("div", { className: "stepper-matrix" });
    var table = el("table", { className: "stepper-grid" });
    table.appendChild(el("caption", { text: caption }));
    rows.forEach(function (row, i) {
      var tr = el("tr");
      row.forEach(function (entry, j) {
        var td = el("td", entry === null ? { text: "·", className: "stepper-blank" }
          : { text: self.full ? entry : brief(entry), title: entry, "data-repr": entry });
        if (building !== null && i === building[4] && j === building[5]) {
          td.className += " stepper-computing";
          td.title = "being computed";
        }
        marks.forEach(function (m) {
          if (m[0] === "reading" && m[1] === name && m[2] === i && m[3] === j) td.className += " stepper-reading";
        });
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    return wrap;
  };

  function start() {
    document.querySelectorAll("div.stepper").forEach(function (root) {
      if (!root.stepper) root.stepper = new Stepper(root);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
