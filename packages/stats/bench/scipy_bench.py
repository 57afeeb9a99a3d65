"""Times SciPy / scikit-learn on the exact data the TypeScript benchmark wrote (called by stats.bench.ts).

Usage: /usr/bin/python3 scipy_bench.py DIR SIZES REPEATS  -> prints one JSON object {op: {n: seconds}}.
"""
import json
import sys
import time

import numpy as np
from scipy import stats
from scipy.spatial import distance
from sklearn.metrics import roc_auc_score

folder, sizes, repeats = sys.argv[1], [int(s) for s in sys.argv[2].split(",")], int(sys.argv[3])


def best(fn):
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def js_binned(x, y):
    edges = np.histogram_bin_edges(np.concatenate([x, y]), bins="sturges")
    p = np.histogram(x, edges)[0] / len(x)
    q = np.histogram(y, edges)[0] / len(y)
    return distance.jensenshannon(p, q)


def psi_binned(x, y):
    edges = np.histogram_bin_edges(x, bins=10)
    # Proportions of the values that fall inside the reference's range, as Vigil's psi normalises.
    p = np.histogram(x, edges)[0]
    q = np.histogram(y, edges)[0]
    p = p / p.sum()
    q = q / q.sum()
    p = np.where(p == 0, 1e-4, p)
    q = np.where(q == 0, 1e-4, q)
    return np.sum((q - p) * np.log(q / p))


out = {"ks": {}, "wasserstein": {}, "js": {}, "psi": {}, "rocauc": {}, "_values": {}}
for n in sizes:
    x = np.fromfile(f"{folder}/x_{n}.f64", dtype=np.float64)
    y = np.fromfile(f"{folder}/y_{n}.f64", dtype=np.float64)
    labels = np.fromfile(f"{folder}/labels_{n}.f64", dtype=np.float64)
    out["ks"][n] = best(lambda: stats.ks_2samp(x, y))
    out["wasserstein"][n] = best(lambda: stats.wasserstein_distance(x, y))
    out["js"][n] = best(lambda: js_binned(x, y))
    out["psi"][n] = best(lambda: psi_binned(x, y))
    out["rocauc"][n] = best(lambda: roc_auc_score(labels, x))
    ks = stats.ks_2samp(x, y)
    out["_values"][n] = {
        "ks": [float(ks.statistic), float(ks.pvalue)],
        "wasserstein": float(stats.wasserstein_distance(x, y)),
        "js": float(js_binned(x, y)),
        "psi": float(psi_binned(x, y)),
        "rocauc": float(roc_auc_score(labels, x)),
    }
print(json.dumps(out))
