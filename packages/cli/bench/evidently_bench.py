"""Times Evidently's default drift on the CSV files the Vigil report benchmark wrote.

Run by `report.bench.ts` (not on its own): argv = reference.csv current.csv repeats. Needs
EVIDENTLY_SRC (an evidentlyai/evidently checkout's `src`, never committed here) and Debian's
python3 packages (docs: shared notes `evidently-setup.md`). Prints one JSON object on stdout.
"""
import json
import os
import resource
import sys
import time
import types
import uuid


def load_evidently():
    src = os.environ["EVIDENTLY_SRC"]
    sys.path.insert(0, src)

    class _UUID(uuid.UUID):
        def __init__(self, *a, version=None, **k):  # uuid.UUID refuses uuid7's version number
            super().__init__(*a, **k)

    stub = types.ModuleType("uuid6")
    stub.uuid7 = uuid.uuid4
    stub.UUID = _UUID
    sys.modules["uuid6"] = stub
    pkg = types.ModuleType("evidently")  # the real __init__ pulls in the web UI
    pkg.__path__ = [os.path.join(src, "evidently")]
    sys.modules["evidently"] = pkg
    import evidently.core.datasets  # noqa: F401  (breaks the legacy package's import cycle)


load_evidently()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from evidently.legacy.calculations.stattests import get_stattest  # noqa: E402
from evidently.legacy.core import ColumnType  # noqa: E402

ref_path, cur_path, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
full_report = os.environ.get("BENCH_EVIDENTLY_REPORT") == "1"


def best(fn):
    out, t_min = None, float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        out = fn()
        t_min = min(t_min, time.perf_counter() - t)
    return out, t_min


def read():
    return pd.read_csv(ref_path), pd.read_csv(cur_path)


(ref, cur), t_read = best(read)


def column_type(s):
    # Evidently 0.7's inference for these columns: float → numerical, strings → categorical.
    return ColumnType.Numerical if pd.api.types.is_float_dtype(s) else ColumnType.Categorical


def drift():
    # Evidently's `get_one_column_drift`: inf → NaN, drop missing, default test, score and flag.
    out = {}
    for name in ref.columns:
        kind = column_type(ref[name])
        r = ref[name].replace([np.inf, -np.inf], np.nan).dropna()
        c = cur[name].replace([np.inf, -np.inf], np.nan).dropna()
        st = get_stattest(r, c, kind, None)
        res = st(r, c, kind, None)
        out[name] = {"method": st.name, "score": float(res.drift_score), "drifted": bool(res.drifted)}
    return out


columns, t_drift = best(drift)
result = {"read_s": t_read, "drift_s": t_drift, "columns": columns}

if full_report:
    from evidently.core.report import Report  # noqa: E402
    from evidently.presets import DataDriftPreset  # noqa: E402

    _, t_report = best(lambda: Report([DataDriftPreset()]).run(cur, ref))
    result["report_s"] = t_report

def peak_rss_mb():
    # Linux's VmHWM: this process's own peak (ru_maxrss also counts pages shared with the parent before exec).
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


result["max_rss_mb"] = peak_rss_mb()
print(json.dumps(result))
