// The streamlearn web console: polls the application's series once a second and draws them with uPlot.
// Plain JavaScript, no build step. Read-only: it only sends GET requests (with the HTTP token, when the
// server asks for one).
"use strict";

(function () {
  const POLL_MS = 1000;
  const MODEL_MS = 2000;
  const RECENT_MS = 2000;
  const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];
  const CHART_HEIGHT = 200;
  const MODEL_TOP = 30; // weights drawn: the server sends a wide model's largest |weight| first

  // What each pipeline's charts show. x: "records" (records processed) or "time";
  // series(p) gives the lines: [{label, values}], values aligned with the x column.
  // empty(meta) says why a chart has no point yet.
  const CHARTS = [
    {id: "prequential", title: "prequential loss", x: "records", log: true, series: p => perLearner(p, "prequential"),
      empty: m => "Fills as labeled records are predicted, then trained on."},
    {id: "train", title: "train loss", x: "records", log: true, series: p => perLearner(p, "train"),
      empty: m => fillsAfterEvaluation(m, "train losses")},
    {id: "holdout", title: "holdout loss", x: "records", log: true, series: p => perLearner(p, "holdout"),
      empty: m => fillsAfterEvaluation(m, "holdout losses")},
    {id: "gap", title: "generalization gap (holdout \u2212 train)", x: "records", series: p => perLearner(p, "gap"),
      empty: m => fillsAfterEvaluation(m, "train and holdout losses, and so their gap,")},
    {id: "nonzero", title: "nonzero weights (share)", x: "records", series: p => perLearner(p, "nonzeroRatio"),
      empty: m => "Fills once the learners have a model, at their first snapshot (about a second after the first record)."},
    {id: "gradientNorm", title: "gradient norm (before clipping)", x: "records", log: true,
      series: p => perLearner(p, "gradientNorm").filter(s => s.values.some(v => v !== null)),
      empty: m => "Fills once a learner takes an optimizer step (an MLP: once per mini-batch)."},
    {id: "clipRate", title: "clip rate (clipped / steps)", x: "records",
      series: p => perLearner(p, "clipRate").filter(s => s.values.some(v => v !== null)),
      empty: m => "Fills once a learner with gradient clipping (clipNorm) takes a step."},
    {id: "rate", title: "records / s", x: "time", series: p => [{label: "records/s", values: p.data.recordsPerSecond}],
      empty: m => "Fills with the first sample, once a second."},
    {id: "deadLetters", title: "dead letters by reason", x: "time", series: deadLetterSeries,
      empty: m => "Fills with the first sample, once a second."},
  ];

  // One line per term, on the table's heads and the charts' titles (a tooltip): what it measures, and its unit.
  const TERMS = {
    updates: m => "updates: optimizer steps the learner took (an MLP steps once per mini-batch)",
    prequential: m => "prequential loss: each record's " + lossUnit(m) + " when predicted, before the learner trains on it;"
      + " the mean over the last " + setting(m, "window") + " training records",
    train: m => "train loss: the model's mean " + lossUnit(m) + " on " + setting(m, "reservoir")
      + " recent training records, recomputed every " + setting(m, "every") + " labeled records (evaluation.every)",
    holdout: m => "holdout loss: the model's mean " + lossUnit(m) + " on " + setting(m, "reservoir") + " recent held-out records"
      + " (" + holdoutShare(m) + " of labeled records, never trained on), recomputed every " + setting(m, "every")
      + " labeled records",
    gap: m => "generalization gap: holdout loss \u2212 train loss, in the loss's unit; above 0, the model does better on"
      + " records it trained on than on unseen ones (overfitting)",
    nonzero: m => "nonzero weights: the model's weights that are not exactly 0, of all its weights (l1 makes exact zeros)",
    gradientNorm: m => "gradient norm: the L2 norm of the learner's last gradient, before clipping (clipNorm)",
    clipRate: m => "clip rate: the share of the last second's optimizer steps whose gradient norm was over clipNorm"
      + " and was scaled down to it",
    rate: m => "records/s: records this instance read per second, dead letters included",
    deadLetters: m => "dead letters: records sent to the dead-letter topic since this process started, by reason"
      + " (the first word of their streamlearn.error header)",
    lambdaPath: m => "\u03bb path: one model per value of the learner's l1 or l2 list, trained on the same records;"
      + " it predicts with the champion, the \u03bb of the lowest loss",
  };
  // the learners table's columns: [heading, id], the id naming both the series and the term
  const COLUMNS = [["updates", "updates"], ["prequential", "prequential"], ["train", "train"], ["holdout", "holdout"],
    ["gap", "gap"], ["nonzero", "nonzero"], ["gradient norm", "gradientNorm"]];

  function lossUnit(m) {
    return m.classification ? "log loss (nats)" : "squared error (the label's unit, squared)";
  }

  function setting(m, key) {
    return m.evaluation ? fmt(m.evaluation[key], 0) : "evaluation." + key;
  }

  function holdoutShare(m) {
    return m.evaluation ? fmt(100 * m.evaluation.holdoutFraction, 0) + "%" : "evaluation.holdoutFraction";
  }

  function fillsAfterEvaluation(m, what) {
    const every = setting(m, "every");
    return "Fills after " + every + " labeled records" + (m.scope === "key" ? " of a key" : "") + ": the " + what
      + " are computed every " + every + " labeled records (evaluation.every).";
  }

  function term(m, id, text) {
    return el("span", {class: "term", "data-term": id, title: TERMS[id](m)}, text);
  }

  const pipelines = new Map(); // name -> {meta, data, next, charts: Map, model}

  // For the browser test and the curious: how many points each chart draws.
  const errors = []; // uncaught errors of this page, for the browser test
  window.addEventListener("error", e => errors.push(String(e.message)));
  window.addEventListener("unhandledrejection", e => errors.push(String(e.reason)));
  window.streamlearnConsole = {
    pipelines,
    errors,
    chartPoints() {
      const out = {};
      for (const [name, p] of pipelines) {
        out[name] = {};
        for (const [id, c] of p.charts) {
          let n = 0;
          for (let i = 1; c.plot !== null && i < c.plot.data.length; i++) {
            n += c.plot.data[i].filter(v => v !== null && v !== undefined).length;
          }
          out[name][id] = n;
        }
      }
      return out;
    },
    // per pipeline and path learner, how many holdout losses its λ path chart draws
    pathPoints() {
      const out = {};
      for (const [name, p] of pipelines) {
        out[name] = {};
        for (const [l, c] of p.paths.charts) {
          out[name][l] = c.plot === null ? 0 : c.plot.data[1].filter(v => v !== null && v !== undefined).length;
        }
      }
      return out;
    },
  };

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("data-")) e.setAttribute(k, v);
      else e[k] = v;
    }
    for (const c of children) e.append(c);
    return e;
  }

  // The HTTP token, when the server has one (a 401): asked for once, kept in this tab's sessionStorage
  // (gone when the tab closes), sent in the Authorization header, never in a URL.
  const TOKEN_KEY = "streamlearn.httpToken";
  let tokenDeclined = false;

  function askForToken() {
    if (tokenDeclined) return false;
    const t = window.prompt("This streamlearn server needs its HTTP token (the one of --http-token-file or STREAMLEARN_HTTP_TOKEN):");
    if (t === null || t.trim() === "") {
      tokenDeclined = true;
      sessionStorage.removeItem(TOKEN_KEY);
      return false;
    }
    sessionStorage.setItem(TOKEN_KEY, t.trim());
    return true;
  }

  async function getJson(url) {
    for (let attempt = 0; ; attempt++) {
      const token = sessionStorage.getItem(TOKEN_KEY);
      const r = await fetch(url, {cache: "no-store", headers: token ? {"Authorization": "Bearer " + token} : {}});
      // a token set meanwhile (by another request's prompt) is tried before asking again
      if (r.status === 401 && attempt === 0 && (sessionStorage.getItem(TOKEN_KEY) !== token || askForToken())) continue;
      if (!r.ok) throw new Error(url + ": HTTP " + r.status + (r.status === 401 ? " (reload the page to give the token)" : ""));
      return r.json();
    }
  }

  function perLearner(p, field) {
    return p.meta.learners.map(l => ({label: l, values: p.data.learners[l][field]}));
  }

  function deadLetterSeries(p) {
    const reasons = Object.keys(p.data.deadLetters);
    const total = p.data.time.map((_, i) => reasons.reduce((s, r) => s + (p.data.deadLetters[r][i] || 0), 0));
    const lines = [{label: "total", values: total}];
    for (const r of reasons) {
      const v = p.data.deadLetters[r];
      if (v.some(x => x > 0)) lines.push({label: r, values: v});
    }
    return lines;
  }

  function last(values) {
    for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
    return null;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) return "\u2013";
    return Number(v).toLocaleString("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }

  // --- page structure ---

  function buildPipeline(meta) {
    const section = el("section", {class: "pipeline", id: "pipeline-" + meta.name, "data-pipeline": meta.name});
    const summary = el("p", {class: "summary"});
    const table = el("table", {class: "learners"});
    const head = el("tr", {}, el("th", {}, "learner"), ...COLUMNS.map(([h, id]) => el("th", {}, term(meta, id, h))));
    table.append(el("thead", {}, head));
    const body = el("tbody");
    meta.learners.forEach((l, i) => {
      const row = el("tr", {});
      const swatch = el("span", {class: "swatch"});
      swatch.style.background = COLORS[i % COLORS.length];
      row.append(el("td", {class: "name"}, swatch, l));
      for (const [, s] of COLUMNS) {
        row.append(el("td", {"data-pipeline": meta.name, "data-learner": l, "data-series": s}, "\u2013"));
      }
      body.append(row);
    });
    table.append(body);
    const grid = el("div", {class: "charts"});
    const charts = new Map();
    for (const spec of CHARTS) {
      const holder = el("div", {class: "plot"});
      const empty = el("p", {class: "empty"}, spec.empty(meta));
      const box = el("div", {class: "chart", id: meta.name + "-" + spec.id, "data-chart": spec.id},
        el("h3", {}, term(meta, spec.id, spec.title)), holder, empty);
      grid.append(box);
      charts.set(spec.id, {spec, holder, empty, plot: null, key: null});
    }
    const modelBox = el("div", {class: "model"});
    const modelButtons = el("div", {class: "buttons"});
    const modelPlot = el("div", {class: "plot"});
    const modelInfo = el("p", {class: "info"});
    const modelVocabulary = el("table", {class: "vocabulary", "data-table": "vocabulary"});
    modelBox.append(el("h3", {}, "current model: largest weights by |weight| (original scale)"), modelButtons,
      modelPlot, modelInfo, modelVocabulary);
    const pathBox = el("div", {class: "chart path", "data-chart": "lambda-path"},
      el("h3", {}, term(meta, "lambdaPath", "\u03bb path: holdout loss and nonzero weights per \u03bb")));
    const pathNote = el("p", {class: "info"}, "no learner of this pipeline has a list of l1 or l2 values");
    pathBox.append(pathNote);
    const recent = buildRecent(meta);
    section.append(el("h2", {}, "pipeline " + meta.name), summary, buildSpec(meta), table, grid,
      el("div", {class: "lower"}, modelBox, pathBox), recent.box);
    document.getElementById("main").append(section);
    const p = {meta, data: null, next: 0, charts, summary, table, model: {learner: meta.learners[0], box: modelBox,
      buttons: modelButtons, holder: modelPlot, info: modelInfo, vocabulary: modelVocabulary, plot: null, key: null},
      paths: {box: pathBox, note: pathNote, learners: null, charts: new Map()}, recent};
    meta.learners.forEach(l => {
      const b = el("button", {type: "button", "data-learner": l}, l);
      b.addEventListener("click", () => { p.model.learner = l; refreshModel(p); });
      modelButtons.append(b);
    });
    document.getElementById("pipelines").append(el("a", {href: "#pipeline-" + meta.name}, meta.name));
    return p;
  }

  // The pipeline's topics, evaluation settings and spec, folded until opened.
  function buildSpec(meta) {
    const box = el("details", {class: "spec"}, el("summary", {}, "spec and topics"));
    if (!meta.topics) {
      box.append(el("p", {class: "info"}, "this pipeline was built in code: no spec to show"));
      return box;
    }
    const topics = el("table", {class: "topics"});
    const rows = [["input", "input"], ["output", "output (predictions)"], ["deadLetter", "dead letters"],
      ["labels", "delayed labels"]];
    for (const [k, label] of rows) {
      if (meta.topics[k]) topics.append(el("tr", {"data-topic": k}, el("th", {}, label), el("td", {}, meta.topics[k])));
    }
    const e = meta.evaluation;
    box.append(topics, el("p", {class: "info"}, "scope " + meta.scope + "; evaluation: holdoutFraction " + e.holdoutFraction
      + ", reservoir " + e.reservoir + ", every " + e.every + ", window " + e.window));
    box.append(meta.spec ? el("pre", {class: "yaml"}, meta.spec) : el("p", {class: "info"}, "no spec text"));
    return box;
  }

  // The last predictions and dead letters of this instance (GET /api/pipelines/{pipeline}/recent).
  function buildRecent(meta) {
    const predictions = el("tbody");
    const deadLetters = el("tbody");
    const info = el("p", {class: "info"}, "no record yet");
    const box = el("div", {class: "recent"},
      el("h3", {}, "recent: the last predictions and dead letters of this instance"), info,
      el("div", {class: "recent-tables"},
        el("div", {}, el("h4", {}, "predictions"), el("table", {class: "predictions"},
          el("thead", {}, el("tr", {}, ...["id", "split", "label", ...meta.learners].map(h => el("th", {}, h)))),
          predictions)),
        el("div", {}, el("h4", {}, "dead letters"), el("table", {class: "dead-letters"},
          el("thead", {}, el("tr", {}, ...["time", "reason", "message", "value"].map(h => el("th", {}, h)))),
          deadLetters))));
    return {box, predictions, deadLetters, info};
  }

  function shortNumber(v) {
    if (v === null || v === undefined) return "\u2013";
    if (typeof v !== "number") return String(v);
    return Math.abs(v) >= 1000 ? fmt(v, 0) : String(Number(v.toPrecision(4)));
  }

  function predictionText(v) {
    return v !== null && typeof v === "object" ? String(v["class"]) : shortNumber(v);
  }

  async function refreshRecent(p) {
    let recent;
    try {
      recent = await getJson("/api/pipelines/" + encodeURIComponent(p.meta.name) + "/recent");
    } catch (e) {
      return;
    }
    const r = p.recent;
    r.predictions.replaceChildren(...recent.predictions.map(o => el("tr", {},
      el("td", {class: "id"}, String(o.id)), el("td", {}, o.split), el("td", {}, o.label === undefined ? "" : predictionText(o.label)),
      ...p.meta.learners.map(l => el("td", {"data-learner": l}, predictionText(o.predictions ? o.predictions[l] : null))))));
    r.deadLetters.replaceChildren(...recent.deadLetters.map(d => el("tr", {},
      el("td", {}, new Date(d.timestamp).toLocaleTimeString("en-GB")), el("td", {class: "reason"}, d.reason),
      el("td", {class: "message"}, d.message),
      el("td", {class: "value", title: d.valueBytes + " bytes"}, d.value === null ? "" : d.value))));
    r.info.textContent = "this instance's own, in memory since it started (not kept across restarts): the last "
      + fmt(recent.capacity, 0) + " of " + fmt(recent.predicted, 0) + " predictions and of " + fmt(recent.deadLettered, 0)
      + " dead letters, newest first";
  }

  // --- series ---

  function append(p, chunk) {
    if (p.data === null || chunk.first !== p.next) {
      p.data = chunk; // first load, or samples were dropped from the ring buffer meanwhile: start over
    } else {
      const cap = chunk.capacity;
      const join = (a, b) => { const c = a.concat(b); return c.length > cap ? c.slice(c.length - cap) : c; };
      const d = p.data;
      d.time = join(d.time, chunk.time);
      d.records = join(d.records, chunk.records);
      d.recordsPerSecond = join(d.recordsPerSecond, chunk.recordsPerSecond);
      for (const r of Object.keys(d.deadLetters)) d.deadLetters[r] = join(d.deadLetters[r], chunk.deadLetters[r]);
      for (const l of Object.keys(d.learners)) {
        for (const f of Object.keys(d.learners[l])) d.learners[l][f] = join(d.learners[l][f], chunk.learners[l][f]);
      }
    }
    p.next = chunk.next;
  }

  function draw(p) {
    for (const c of p.charts.values()) {
      const lines = c.spec.series(p);
      const xs = c.spec.x === "time" ? p.data.time.map(t => t / 1000) : p.data.records;
      const data = [xs, ...lines.map(s => s.values)];
      const key = lines.map(s => s.label).join("|");
      if (c.plot === null || c.key !== key) {
        if (c.plot !== null) c.plot.destroy();
        c.plot = new uPlot(lineOptions(c, lines), data, c.holder);
        c.key = key;
      } else {
        c.plot.setData(data);
      }
      c.empty.hidden = lines.some(s => s.values.some(v => v !== null && v !== undefined));
    }
    const d = p.data;
    const n = d.time.length;
    const dead = Object.values(d.deadLetters).reduce((s, v) => s + (v[n - 1] || 0), 0);
    p.summary.textContent = "records " + fmt(last(d.records), 0) + "   " + fmt(last(d.recordsPerSecond), 0)
      + " records/s   dead letters " + fmt(n ? dead : null, 0) + "   samples " + fmt(n, 0)
      + " (kept: the last " + fmt(d.capacity, 0) + ")";
    for (const td of p.table.querySelectorAll("td[data-series]")) {
      const s = d.learners[td.dataset.learner];
      const field = td.dataset.series;
      const v = last(s[field]);
      td.dataset.value = v === null ? "" : String(v);
      if (field === "nonzero") {
        const ratio = last(s.nonzeroRatio);
        td.textContent = v === null ? "\u2013" : fmt(v, 0) + (ratio ? "/" + fmt(Math.round(v / ratio), 0) : "");
      } else {
        td.textContent = fmt(v, field === "updates" ? 0 : 4);
      }
    }
  }

  function lineOptions(c, lines) {
    const x = c.spec.x === "time";
    return {
      width: Math.max(200, c.holder.clientWidth),
      height: CHART_HEIGHT,
      scales: {x: {time: x}, y: c.spec.log ? {distr: 3} : {}},
      axes: [{label: x ? "" : "records", size: 40}, {size: 60}],
      // with the cursor off the chart (idx null) the legend shows each line's last value, not "--"
      series: [{label: x ? "time" : "records", value: (u, v, si, idx) => idx === null ? lastX(u, x) : xValue(v, x)},
        ...lines.map((s, i) => ({label: s.label, stroke: colorOf(c, s.label, i), width: 1.5, spanGaps: false,
          points: {show: false}, value: (u, v, si, idx) => shortNumber(idx === null ? last(u.data[si]) : v)}))],
      cursor: {drag: {x: false, y: false}}, // no drag-zoom: the next update (1 s) would undo it
    };
  }

  function xValue(v, time) {
    if (v === null || v === undefined) return "\u2013";
    return time ? new Date(v * 1000).toLocaleTimeString("en-GB") : fmt(v, 0);
  }

  function lastX(u, time) {
    const xs = u.data[0];
    return xValue(xs.length ? xs[xs.length - 1] : null, time);
  }

  function colorOf(c, label, i) {
    for (const p of pipelines.values()) {
      const j = p.meta.learners.indexOf(label);
      if (j >= 0 && c.spec.x === "records") return COLORS[j % COLORS.length];
    }
    return COLORS[i % COLORS.length];
  }

  // --- the model of one learner ---

  async function refreshModel(p) {
    const m = p.model;
    for (const b of m.buttons.children) b.classList.toggle("selected", b.dataset.learner === m.learner);
    let model;
    try {
      model = await getJson("/models/" + encodeURIComponent(p.meta.name) + "/" + encodeURIComponent(m.learner)
        + "?top=" + MODEL_TOP);
    } catch (e) {
      m.info.textContent = "no model yet";
      return;
    }
    drawVocabulary(m.vocabulary, model.encoding);
    if (model.type !== "linear") {
      if (m.plot !== null) { m.plot.destroy(); m.plot = null; m.key = null; }
      m.holder.dataset.features = "";
      m.info.textContent = m.learner + ": MLP " + (model.layers || []).join("\u2192") + ", " + fmt(model.parameters, 0)
        + " parameters, " + fmt(model.nonZero, 0) + " nonzero, version " + fmt(model.version, 0)
        + " (no per-feature weights to draw)";
      return;
    }
    let weights = model.weights;
    let shown = "";
    if (!Array.isArray(weights) && typeof Object.values(weights)[0] === "object") {
      const cls = Object.keys(weights)[0]; // a multi-class model: one row per class, the first drawn
      shown = " (class " + cls + ")";
      weights = weights[cls];
    }
    // a row of at most MODEL_TOP columns comes whole, in column order; a wider one as its largest |weight|
    // first, zeros left out, however many columns the model has
    const names = Array.isArray(weights) ? weights.map((_, i) => "w" + i) : Object.keys(weights);
    const values = Array.isArray(weights) ? weights : Object.values(weights);
    const xs = names.map((_, i) => i);
    const key = m.learner + "|" + names.join("|");
    if (m.plot === null || m.key !== key) {
      if (m.plot !== null) m.plot.destroy();
      m.plot = new uPlot(barOptions(m, names), [xs, values], m.holder);
      m.key = key;
    } else {
      m.plot.setData([xs, values]);
    }
    m.holder.dataset.features = names.join("\n");
    const cut = model.columns > names.length;
    const zeros = cut ? [] : names.filter((_, i) => values[i] === 0);
    m.info.textContent = m.learner + shown + ": intercept " + fmt(typeof model.intercept === "number" ? model.intercept : null, 4)
      + ", " + fmt(model.nonZero, 0) + "/" + fmt(model.weightCount, 0) + " nonzero, version " + fmt(model.version, 0)
      + (cut ? "; the " + fmt(names.length, 0) + " largest |weight| of " + fmt(model.columns, 0) + " columns" : "")
      + (zeros.length ? "; exactly zero: " + zeros.join(", ") : "");
  }

  function barOptions(m, names) {
    const longest = names.reduce((n, s) => Math.max(n, s.length), 0);
    const rotate = names.length > 8 && longest > 6; // long feature names stand at an angle, not on each other
    return {
      width: Math.max(200, m.holder.clientWidth),
      height: CHART_HEIGHT + 40 + (rotate ? Math.min(longest, 28) * 5 : 0),
      scales: {x: {time: false, range: [-0.5, names.length - 0.5]}},
      axes: [{splits: () => names.map((_, i) => i), values: (u, splits) => splits.map(i => short(names[i] || "")),
        size: rotate ? 40 + Math.min(longest, 28) * 5 : 40, rotate: rotate ? -60 : 0},
        {size: 60}],
      series: [{label: "feature", value: (u, i) => (i === null ? "" : names[i])},
        {label: "weight", stroke: "#1f77b4", fill: "rgba(31,119,180,0.5)", width: 1,
          paths: uPlot.paths.bars({size: [0.6, 60]}), points: {show: false}}],
    };
  }

  function short(name) {
    return name.length > 28 ? name.slice(0, 27) + "\u2026" : name;
  }

  // Per numeric and categorical field of a raw-event pipeline: vocabulary size and the share of the
  // learned events that were <other> or <missing> (the model view's "encoding"); hidden for feature records.
  function drawVocabulary(table, encoding) {
    table.replaceChildren();
    if (!encoding) return;
    const share = n => encoding.events > 0 ? fmt(100 * n / encoding.events, 1) + " %" : "\u2013";
    const head = el("tr", {});
    for (const h of ["field", "vocabulary", "<other>", "<missing>"]) head.append(el("th", {}, h));
    table.append(el("caption", {}, "fields over " + fmt(encoding.events, 0) + " learned events"), head);
    for (const f of encoding.fields) {
      const row = el("tr", {"data-field": f.field});
      row.append(el("td", {class: "name"}, f.field),
        el("td", {}, f.vocabulary === undefined ? "\u2013" : fmt(f.vocabulary, 0) + "/" + fmt(f.maxCategories, 0)),
        el("td", {}, f.other === undefined ? "\u2013" : share(f.other)),
        el("td", {}, share(f.missing)));
      table.append(row);
    }
  }

  // --- the λ path of the learners that have one ---

  // Which learners are paths is learned from their models once (a model view with "path"), then only
  // those are fetched again.
  async function refreshPaths(p) {
    const paths = p.paths;
    const base = "/models/" + encodeURIComponent(p.meta.name) + "/";
    if (paths.learners === null) {
      const found = [];
      for (const l of p.meta.learners) {
        try {
          const model = await getJson(base + encodeURIComponent(l));
          if (model.path) found.push(l);
        } catch (e) {
          return; // no model yet: ask again next time
        }
      }
      paths.learners = found;
      if (found.length) paths.note.textContent = "";
    }
    for (const l of paths.learners) {
      let model;
      try {
        model = await getJson(base + encodeURIComponent(l));
      } catch (e) {
        continue;
      }
      drawPath(paths, l, model);
    }
  }

  function drawPath(paths, learner, model) {
    const members = model.path.members;
    const labels = members.map(m => m.lambda);
    const xs = labels.map((_, i) => i);
    const holdout = members.map(m => (m.loss && m.loss.holdout !== undefined ? m.loss.holdout : null));
    const nonzero = members.map(m => m.nonZero);
    let c = paths.charts.get(learner);
    if (!c) {
      const holder = el("div", {class: "plot"});
      const info = el("p", {class: "info", "data-learner": learner});
      paths.box.append(el("h4", {}, learner), holder, info);
      c = {holder, info, plot: null, key: null};
      paths.charts.set(learner, c);
    }
    c.champion = labels.indexOf(model.path.champion);
    const key = labels.join("|");
    const data = [xs, holdout, nonzero];
    if (c.plot === null || c.key !== key) {
      if (c.plot !== null) c.plot.destroy();
      c.plot = new uPlot(pathOptions(c, labels, model.path.champion), data, c.holder);
      c.key = key;
    } else {
      c.plot.setData(data);
    }
    c.info.textContent = learner + ": champion " + model.path.champion + " (by " + model.path.select + " loss, "
      + fmt(model.path.switches, 0) + " switches); " + members.map(m => m.lambda + ": holdout "
      + fmt(m.loss ? m.loss.holdout : null, 4) + ", " + fmt(m.nonZero, 0) + " nonzero").join("; ");
  }

  function pathOptions(c, labels, champion) {
    // with the cursor off the chart (idx null) the legend shows the champion's values
    const at = (u, si, idx) => u.data[si][idx === null ? c.champion : idx];
    return {
      width: Math.max(200, c.holder.clientWidth),
      height: CHART_HEIGHT,
      scales: {x: {time: false, range: [-0.3, labels.length - 0.7]}, loss: {distr: 3}, nz: {range: (u, lo, hi) => [0, Math.max(1, hi)]}},
      axes: [{splits: () => labels.map((_, i) => i), values: (u, splits) => splits.map(i => labels[i] || ""),
        label: "\u03bb (champion " + champion + ")", size: 50},
        {scale: "loss", label: "holdout loss", size: 60},
        {scale: "nz", side: 1, label: "nonzero", size: 50, grid: {show: false}}],
      series: [{label: "\u03bb", value: (u, i, si, idx) => labels[idx === null ? c.champion : idx] || ""},
        {label: "holdout loss", scale: "loss", stroke: "#1f77b4", width: 2, points: {show: true, size: 7},
          value: (u, v, si, idx) => shortNumber(at(u, si, idx))},
        {label: "nonzero", scale: "nz", stroke: "#d62728", width: 1.5, dash: [4, 4], points: {show: true, size: 6},
          value: (u, v, si, idx) => shortNumber(at(u, si, idx))}],
      cursor: {drag: {x: false, y: false}},
    };
  }

  // --- the loop ---

  const status = () => document.getElementById("status");

  async function poll() {
    try {
      for (const p of pipelines.values()) {
        const chunk = await getJson("/api/pipelines/" + encodeURIComponent(p.meta.name) + "/series?from=" + p.next);
        append(p, chunk);
        draw(p);
      }
      status().textContent = "live \u00b7 updated " + new Date().toLocaleTimeString("en-GB");
      status().className = "live";
    } catch (e) {
      status().textContent = "not connected: " + e.message;
      status().className = "down";
    }
    setTimeout(poll, POLL_MS);
  }

  async function pollModels() {
    for (const p of pipelines.values()) {
      await refreshModel(p);
      await refreshPaths(p);
    }
    setTimeout(pollModels, MODEL_MS);
  }

  async function pollRecent() {
    for (const p of pipelines.values()) await refreshRecent(p);
    setTimeout(pollRecent, RECENT_MS);
  }

  window.addEventListener("resize", () => {
    for (const p of pipelines.values()) {
      for (const c of p.charts.values()) if (c.plot) c.plot.setSize({width: c.holder.clientWidth, height: CHART_HEIGHT});
      if (p.model.plot) p.model.plot.setSize({width: p.model.holder.clientWidth, height: CHART_HEIGHT + 40});
      for (const c of p.paths.charts.values()) if (c.plot) c.plot.setSize({width: c.holder.clientWidth, height: CHART_HEIGHT});
    }
  });

  async function start() {
    let metas;
    try {
      metas = await getJson("/api/pipelines");
    } catch (e) {
      status().textContent = "not connected: " + e.message;
      setTimeout(start, POLL_MS);
      return;
    }
    for (const meta of metas) pipelines.set(meta.name, buildPipeline(meta));
    poll();
    pollModels();
    pollRecent();
  }

  start();
})();
