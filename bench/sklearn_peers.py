#!/usr/bin/python3
"""Peers for the linear learners: sklearn's SGDRegressor on friedman1 (d = 10), one epoch by fit and
per record by partial_fit, in CPU seconds of this process (time.process_time), medians of repeats.
Usage: /usr/bin/python3 bench/sklearn_peers.py [--records N] [--partial N] [--repeats K]
(Debian's python3-sklearn; prints one JSON line per measurement)."""
import argparse
import json
import statistics
import time

import numpy as np
import sklearn
from sklearn.datasets import make_friedman1
from sklearn.linear_model import SGDRegressor

ap = argparse.ArgumentParser()
ap.add_argument("--records", type=int, default=200_000)
ap.add_argument("--partial", type=int, default=20_000)
ap.add_argument("--repeats", type=int, default=5)
args = ap.parse_args()

X, y = make_friedman1(n_samples=args.records, n_features=10, noise=1.0, random_state=42)


def model():
    # the demo's ridge: l2 0.01, invscaling 0.01 / t^0.25 (streamlearn's sgd defaults are sklearn's)
    return SGDRegressor(penalty="l2", alpha=0.01, learning_rate="invscaling", eta0=0.01, power_t=0.25,
                        max_iter=1, tol=None, shuffle=False, random_state=0)


def cpu(f):
    t = time.process_time()
    f()
    return time.process_time() - t


fit = [cpu(lambda: model().fit(X, y)) for _ in range(args.repeats)]
rows = [X[i:i + 1] for i in range(args.partial)]
labels = [y[i:i + 1] for i in range(args.partial)]


def partial():
    m = model()
    for r, t in zip(rows, labels):
        m.partial_fit(r, t)


part = [cpu(partial) for _ in range(args.repeats)]
info = {"sklearn": sklearn.__version__, "numpy": np.__version__}
print(json.dumps({"what": "SGDRegressor.fit, one epoch", "records": args.records, "cpu_s": fit,
                  "records_per_cpu_s": args.records / statistics.median(fit), **info}))
print(json.dumps({"what": "SGDRegressor.partial_fit, one record per call", "records": args.partial, "cpu_s": part,
                  "records_per_cpu_s": args.partial / statistics.median(part), **info}))
