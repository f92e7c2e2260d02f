"""One-hot + proximal SGD reference for streamlearn's raw-event encoder (issue 26).

What it generates, beside this script (src/test/resources/reference/):
  onehot_sgd_events.jsonl           300 raw JSON events, one per line: a numeric field with a log1p
                                    transform and mean imputation (`amount`), a nested numeric field
                                    with zero imputation (`/device/battery`), three one-hot
                                    categorical fields (`country`, `/device/os`, `plan`, whose values
                                    are strings, numbers and booleans), nulls, absent fields and
                                    absent objects, an ignored field, and two labels: `y`
                                    (regression) and `fraud` (0/1).
  onehot_sgd_regression.yaml        a streamlearn spec over those events, task regression, label y,
  onehot_sgd_classification.yaml    ... and task classification, label fraud; the same features
                                    (standardize: false, so no scaler is involved) and three linear
                                    learners each (proximal SGD: l2 with a constant and with an
                                    invscaling step, and an elastic net).
  onehot_sgd.json                   the one-hot matrix as streamlearn's EventLayout lays it out
                                    (per numeric field its value then `<field>:missing`; per
                                    categorical field maxCategories slots in first-seen order, then
                                    `<other>`, then `<missing>`), sparse per event, the column names,
                                    and per learner scikit-learn's SGDRegressor / SGDClassifier with
                                    one partial_fit per event in file order: the prequential
                                    prediction before each fit (the untrained model's 0 or
                                    P(1) = 0.5 before the first), the weights and intercept at
                                    checkpoints and after the last event.

The matrix is built here from the specs' `features:` (read with PyYAML), by the rules of
docs/DESIGN.md "Raw events": log1p is sign(v) log(1 + |v|); a null or absent number is the
running mean (mean += (v - mean) / n) of the transformed values seen before it, or 0, and sets
the indicator; a category is its JSON text (a string as is, 1 as `1`, true as `true`), null or
absent `<missing>`, values after the first maxCategories `<other>`.

scikit-learn is fed the dense matrix (a sparse one would get sklearn's 0.01 intercept decay).
The update is streamlearn's proximal SGD: p = w.x + b; g = dL/dp;
w <- S_{eta l1}((1 - eta l2) w - eta g x); b <- b - eta g, with streamlearn's l2 = sklearn's
alpha (1 - l1_ratio) and l1 = alpha l1_ratio (penalty='l2': l1_ratio 0). sklearn documents its
L1 step as Tsuruoka et al.'s cumulative penalty; with one partial_fit per record it is, as
observed here (and in the NumPy check), a plain soft-threshold by eta l1 of every column of the
dense row at each step: the cumulative sums start afresh at each call (a multi-record fit() may
differ). For log_loss
g = sigmoid(p) - y with y in {0, 1} (sklearn's dloss -y/(exp(y p) + 1) with y in {-1, +1}), the
binary classifier a single weight row.
Every trajectory is cross-checked by a NumPy re-implementation of that rule (max |difference|
recorded in the JSON; about 1e-15).

Rerun (Debian 12: scikit-learn 1.2.1, NumPy 1.24, PyYAML; deterministic, seed 20261205):
    /usr/bin/python3 src/test/resources/reference/onehot_sgd.py
(plain `python3` on PATH may lack scikit-learn). Rerunning rewrites the five files identically.
"""

import json
import math
import os
import sys

import numpy as np
import sklearn
import yaml
from sklearn.linear_model import SGDClassifier, SGDRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261205
EVENTS = 300
CHECKPOINTS = (1, 2, 10, 50, 150)

FEATURES_YAML = """\
features:
  numeric:
    - {field: amount, transform: log1p, missing: mean}
    - {field: /device/battery, missing: zero}
  categorical:
    - {field: country, maxCategories: 8}
    - {field: /device/os, maxCategories: 3}
    - {field: plan, maxCategories: 6}
  standardize: false
"""

SPECS = {
    "regression": {
        "file": "onehot_sgd_regression.yaml",
        "head": "name: onehot-sgd-regression\ninput: onehot.events\noutput: onehot.predictions\n"
                "task: regression\nfields: {id: id, label: y}\n",
        "learners": [
            ("invscaling", dict(alpha=0.001, learning_rate="invscaling", eta0=0.05, power_t=0.25)),
            ("constant", dict(alpha=0.01, learning_rate="constant", eta0=0.02)),
            ("elasticnet", dict(alpha=0.1, l1_ratio=0.5, learning_rate="invscaling", eta0=0.05, power_t=0.25)),
        ],
    },
    "classification": {
        "file": "onehot_sgd_classification.yaml",
        "head": "name: onehot-sgd-classification\ninput: onehot.events\noutput: onehot.predictions\n"
                "task: classification\nclasses: [0, 1]\nfields: {id: id, label: fraud}\n",
        "learners": [
            ("constant", dict(alpha=0.001, learning_rate="constant", eta0=0.1)),
            ("invscaling", dict(alpha=0.0005, learning_rate="invscaling", eta0=0.5, power_t=0.25)),
            ("elasticnet", dict(alpha=0.06, l1_ratio=0.5, learning_rate="constant", eta0=0.1)),
        ],
    },
}


def learner_yaml(name, p):
    opt = "{name: sgd, learningRate: %r, schedule: %s" % (p["eta0"], p["learning_rate"])
    if p["learning_rate"] == "invscaling":
        opt += ", power: %r" % p["power_t"]
    l1, l2 = penalties(p)
    pen = "l2: %r" % l2 if l1 == 0 else "l1: %r, l2: %r" % (l1, l2)
    return "  - {name: %s, type: linear, %s, optimizer: %s}}\n" % (name, pen, opt)


def penalties(p):
    """streamlearn's (l1, l2) for sklearn's alpha and l1_ratio (exact for the values used: x 0.5)."""
    r = p.get("l1_ratio", 0.0)
    return p["alpha"] * r, p["alpha"] * (1.0 - r)


def spec_text(kind):
    s = SPECS[kind]
    return ("# Written by onehot_sgd.py (do not edit; rerun it): the spec of the one-hot SGD reference.\n"
            + s["head"] + FEATURES_YAML + "learners:\n"
            + "".join(learner_yaml(n, p) for n, p in s["learners"]))


# ---- the events

def make_events(rng):
    countries = ["DE", "FR", "US", "GB", "IT", "ES"]
    oses = ["ios", "android", "web", "linux", "tv"]  # the last two fall in <other> (maxCategories 3)
    plans = [1, 2, "gold", True]
    country_effect = {"DE": 0.5, "FR": -0.3, "US": 1.2, "GB": 0.0, "IT": -0.8, "ES": 0.4}
    os_effect = {"ios": 0.6, "android": -0.2, "web": 0.1, "linux": -0.5, "tv": 0.9}
    plan_effect = {"1": 0.0, "2": 0.3, "gold": 1.0, "true": -0.4}  # by text: in Python True == 1
    events = []
    for i in range(EVENTS):
        ev = {"id": "e-%03d" % i}
        u = rng.random()
        amount = None
        if u < 0.08:
            ev["amount"] = None
        elif u < 0.12:
            pass  # absent
        else:
            amount = round(float(rng.lognormal(3.0, 1.0)), 2)
            if rng.random() < 0.05:
                amount = -amount  # a refund: log1p keeps the sign
            ev["amount"] = amount
        u = rng.random()
        country = None
        if u < 0.06:
            ev["country"] = None
        elif u < 0.10:
            pass
        else:
            country = countries[min(int(rng.geometric(0.35)) - 1, len(countries) - 1)]
            ev["country"] = country
        u = rng.random()
        battery = None
        os_ = None
        if u < 0.08:
            pass  # no device object: both of its fields are absent
        elif u < 0.11:
            ev["device"] = None  # a null object: absent too
        else:
            device = {}
            v = rng.random()
            if v < 0.08:
                device["battery"] = None
            elif v > 0.12:
                battery = 0.0 if v > 0.97 else round(float(rng.random()), 3)
                device["battery"] = battery
            v = rng.random()
            if v < 0.05:
                device["os"] = None
            elif v > 0.09:
                os_ = oses[int(rng.choice(5, p=[0.35, 0.35, 0.2, 0.05, 0.05]))]
                device["os"] = os_
            device["model"] = "m%d" % int(rng.integers(10))  # not a feature: skipped
            ev["device"] = device
        u = rng.random()
        plan = None
        if u < 0.07:
            pass
        else:
            plan = plans[int(rng.integers(len(plans)))]
            ev["plan"] = plan
        ev["note"] = "ignored %d" % i
        # the labels, from the true values (not the encoding)
        a = 0.0 if amount is None else math.copysign(math.log1p(abs(amount)), amount)
        score = (0.3 * a + country_effect.get(country, 0.0) + os_effect.get(os_, 0.0)
                 + (0.0 if plan is None else plan_effect[text_of(plan)]) + (0.0 if battery is None else 0.5 * battery))
        ev["y"] = round(2.0 + score + 0.3 * float(rng.normal()), 4)
        ev["fraud"] = int(rng.random() < 1.0 / (1.0 + math.exp(-(score - 1.5) * 1.5)))
        events.append(ev)
    return events


# ---- the encoding, as streamlearn's EventLayout and EventEncoder

def get(ev, field):
    """The value at a field (a name or a JSON Pointer); None when null or absent."""
    if not field.startswith("/"):
        return ev.get(field)
    node = ev
    for token in field[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict):
            return None
        node = node.get(token)
    return node


def display(field):
    return field[1:] if field.startswith("/") else field


def text_of(value):
    return value if isinstance(value, str) else json.dumps(value)


def encode(events, features):
    blocks = []  # (kind, field, options, offset)
    at = 0
    for f in features.get("numeric", []):
        f = f if isinstance(f, dict) else {"field": f}
        blocks.append(("numeric", f["field"], f, at))
        at += 2
    for f in features.get("categorical", []):
        f = f if isinstance(f, dict) else {"field": f}
        assert "hash" not in f
        blocks.append(("categorical", f["field"], f, at))
        at += f.get("maxCategories", 1000) + 2
    width = at
    seen = {b[1]: 0 for b in blocks}
    mean = {b[1]: 0.0 for b in blocks}
    vocab = {b[1]: [] for b in blocks}
    rows = np.zeros((len(events), width))
    for r, ev in enumerate(events):
        for kind, field, opt, off in blocks:
            v = get(ev, field)
            if kind == "numeric":
                if v is None:
                    x = mean[field] if opt.get("missing", "mean") == "mean" else 0.0
                    rows[r, off + 1] = 1.0
                else:
                    x = float(v)
                    if opt.get("transform") == "log1p":
                        x = math.copysign(math.log1p(abs(x)), x) if x != 0 else 0.0
                    seen[field] += 1
                    mean[field] += (x - mean[field]) / seen[field]
                rows[r, off] = x
            else:
                m = opt.get("maxCategories", 1000)
                if v is None:
                    rows[r, off + m + 1] = 1.0
                    continue
                t = text_of(v)
                if t not in vocab[field] and len(vocab[field]) < m:
                    vocab[field].append(t)
                rows[r, off + vocab[field].index(t) if t in vocab[field] else off + m] = 1.0
    names = []
    for kind, field, opt, off in blocks:
        d = display(field)
        if kind == "numeric":
            names += [d, d + ":missing"]
        else:
            m = opt.get("maxCategories", 1000)
            names += ["%s=%s" % (d, vocab[field][k] if k < len(vocab[field]) else "<unused>") for k in range(m)]
            names += [d + "=<other>", d + "=<missing>"]
    return rows, names


# ---- the learners

def sklearn_run(kind, params, X, y):
    common = dict(penalty="elasticnet" if "l1_ratio" in params else "l2", fit_intercept=True, shuffle=False,
                  average=False)
    if kind == "regression":
        est = SGDRegressor(loss="squared_error", **common, **params)
    else:
        est = SGDClassifier(loss="log_loss", **common, **params)
    predictions, checkpoints = [], {}
    for i in range(X.shape[0]):
        xi = X[i:i + 1]
        if i == 0:
            predictions.append(0.0 if kind == "regression" else 0.5)  # the untrained model: w = 0, b = 0
        elif kind == "regression":
            predictions.append(float(est.predict(xi)[0]))
        else:
            predictions.append(float(est.predict_proba(xi)[0, 1]))
        if kind == "regression":
            est.partial_fit(xi, y[i:i + 1])
        else:
            est.partial_fit(xi, y[i:i + 1], classes=np.array([0, 1]))
        if i + 1 in CHECKPOINTS:
            checkpoints[str(i + 1)] = {"w": np.ravel(est.coef_).tolist(), "b": float(np.ravel(est.intercept_)[0])}
    assert list(getattr(est, "classes_", [0, 1])) == [0, 1]
    return est, predictions, checkpoints


def numpy_run(kind, params, X, y):
    """The update rule written out: the independent check of sklearn's trajectory."""
    w = np.zeros(X.shape[1])
    b = 0.0
    l1, l2 = penalties(params)
    predictions = []
    for i in range(X.shape[0]):
        t = i + 1
        eta = params["eta0"] if params["learning_rate"] == "constant" else params["eta0"] / t ** params["power_t"]
        p = float(X[i] @ w) + b
        out = p if kind == "regression" else 1.0 / (1.0 + math.exp(-p))
        predictions.append(out)
        g = out - y[i]  # squared error: p - y; log loss: sigmoid(p) - y
        w = (1.0 - eta * l2) * w - eta * g * X[i]
        w = np.sign(w) * np.maximum(np.abs(w) - eta * l1, 0.0)  # soft-threshold
        b -= eta * g
    return predictions, w, b


def main():
    rng = np.random.default_rng(SEED)
    events = make_events(rng)
    lines = [json.dumps(ev, separators=(",", ":")) for ev in events]
    with open(os.path.join(HERE, "onehot_sgd_events.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    parsed = [json.loads(line) for line in lines]  # the file's values, as streamlearn reads them

    features = yaml.safe_load(FEATURES_YAML)["features"]
    X, names = encode(parsed, features)
    out = {
        "generator": "onehot_sgd.py (see its docstring; rerun with /usr/bin/python3)",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "seed": SEED,
        "events_file": "onehot_sgd_events.jsonl",
        "events": len(parsed),
        "width": X.shape[1],
        "columns": names,
        "rows": [{"indices": [int(j) for j in np.flatnonzero(r)], "values": r[r != 0].tolist()} for r in X],
        "convention": "prediction i is made before partial_fit of event i (event 0: the untrained model, "
                      "0 or P(1) = 0.5); the binary classifier's prediction is P(fraud = 1); "
                      "checkpoints are after that many events; streamlearn l1 = sklearn alpha l1_ratio, "
                      "l2 = alpha (1 - l1_ratio)",
        "variants": {},
    }
    for kind, s in SPECS.items():
        with open(os.path.join(HERE, s["file"]), "w") as f:
            f.write(spec_text(kind))
        spec = yaml.safe_load(spec_text(kind))
        assert spec["features"] == features
        label = spec["fields"]["label"]
        y = np.array([float(ev[label]) for ev in parsed])
        for name, params in s["learners"]:
            est, predictions, checkpoints = sklearn_run(kind, params, X, y)
            np_pred, np_w, np_b = numpy_run(kind, params, X, y)
            w = np.ravel(est.coef_)
            b = float(np.ravel(est.intercept_)[0])
            diff = max(float(np.max(np.abs(np.array(np_pred) - predictions))),
                       float(np.max(np.abs(np_w - w))), abs(np_b - b))
            assert diff < 1e-12, (kind, name, diff)
            out["variants"]["%s/%s" % (kind, name)] = {
                "spec": s["file"],
                "learner": name,
                "label": label,
                "estimator": type(est).__name__,
                "sklearn_params": dict(loss="squared_error" if kind == "regression" else "log_loss",
                                       penalty=est.penalty, fit_intercept=True, shuffle=False, average=False,
                                       **params),
                "l1": penalties(params)[0],
                "l2": penalties(params)[1],
                "final_zero_weights": int(np.sum(w == 0)),
                "predictions": predictions,
                "checkpoints": checkpoints,
                "final_w": w.tolist(),
                "final_b": b,
                "sklearn_t_final": float(est.t_),
                "numpy_check_max_abs_diff": diff,
            }
            print("%s/%s: numpy check %.2e, |w|_max %.3f, b %.4f, zero weights %d"
                  % (kind, name, diff, np.max(np.abs(w)), b, int(np.sum(w == 0))),
                  file=sys.stderr)
    with open(os.path.join(HERE, "onehot_sgd.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
