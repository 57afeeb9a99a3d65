"""Known answers for `vigil power` (packages/cli/src/power/power-answers.ts), computed here from the
published formulas with SciPy 1.10's normal distribution, independently of @vigil/stats:

- the guide's sample size per group (two-proportion z-test, Fleiss's pooled variance, the unpooled
  variance or Cohen's arcsine h; two means with known sigma), rounded up;
- its minimum detectable effect (z_a + z_b) * sd * sqrt(2 / n), sd at the baseline for a rate;
- its power: the same formula solved for z_b, in closed form;
- GrowthBook's power calculator (packages/shared/src/power/power.ts): power of a relative lift with the
  delta-method SE (sequential: the confidence sequence's width), the MDE from its quadratic, and the
  sample size as the smallest whole number of users per variant whose power reaches the target.

Run: /usr/bin/python3 packages/cli/src/power/gen_power_answers.py   (writes power-answers.json beside it)
"""
import json
import math
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
norm = stats.norm


def z_alpha(alpha, alternative):
    return norm.ppf(1 - alpha / 2) if alternative == "two-sided" else norm.ppf(1 - alpha)


def round_up(x):
    r = round(x)
    return r if abs(x - r) <= 1e-9 * max(1, abs(x)) else math.ceil(x)


# --- the guide ---------------------------------------------------------------------------------
def guide_n(design, absolute, power):
    za, zb = z_alpha(design["alpha"], design["alternative"]), norm.ppf(power)
    m = design["metric"]
    if m["kind"] == "mean":
        return 2 * m["stddev"] ** 2 * ((za + zb) / absolute) ** 2
    p1 = m["baselineRate"]
    p2 = p1 + absolute
    d = p1 - p2
    v1 = p1 * (1 - p1) + p2 * (1 - p2)
    if design["method"] == "pooled":
        pbar = (p1 + p2) / 2
        return (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(v1)) ** 2 / d**2
    if design["method"] == "unpooled":
        return (za + zb) ** 2 * v1 / d**2
    h = 2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2))
    return 2 * ((za + zb) / h) ** 2


def guide_power(design, absolute, n):
    za = z_alpha(design["alpha"], design["alternative"])
    m = design["metric"]
    if m["kind"] == "mean":
        return norm.cdf(abs(absolute) * math.sqrt(n / 2) / m["stddev"] - za)
    p1 = m["baselineRate"]
    p2 = p1 + absolute
    d = abs(p1 - p2)
    v1 = p1 * (1 - p1) + p2 * (1 - p2)
    if design["method"] == "pooled":
        pbar = (p1 + p2) / 2
        return norm.cdf((d * math.sqrt(n) - za * math.sqrt(2 * pbar * (1 - pbar))) / math.sqrt(v1))
    if design["method"] == "unpooled":
        return norm.cdf(d * math.sqrt(n) / math.sqrt(v1) - za)
    h = abs(2 * math.asin(math.sqrt(p1)) - 2 * math.asin(math.sqrt(p2)))
    return norm.cdf(h * math.sqrt(n / 2) - za)


def guide_mde(design, n, power):
    za, zb = z_alpha(design["alpha"], design["alternative"]), norm.ppf(power)
    m = design["metric"]
    sd = m["stddev"] if m["kind"] == "mean" else math.sqrt(m["baselineRate"] * (1 - m["baselineRate"]))
    return (za + zb) * sd * math.sqrt(2 / n)


# --- GrowthBook ----------------------------------------------------------------------------------
def gb_moments(design):
    m = design["metric"]
    if m["kind"] == "proportion":
        return m["baselineRate"], m["baselineRate"] * (1 - m["baselineRate"])
    return m["mean"], m["stddev"] ** 2


def seq_variance(variance, n, alpha, tuning):
    rho = math.sqrt((-2 * math.log(alpha) + math.log(-2 * math.log(alpha) + 1)) / tuning)
    disc = 2 * (n * rho**2 + 1) * math.log(math.sqrt(n * rho**2 + 1) / alpha) / (n * rho) ** 2
    return n * (math.sqrt(variance / n) * math.sqrt(n) * math.sqrt(disc) / norm.ppf(1 - alpha / 2)) ** 2


def gb_power(design, users, effect):
    mean, var = gb_moments(design)
    alpha, tuning = design["alpha"], design["sequential"] and design["sequential"]["tuning"]
    two_tailed = design["alternative"] == "two-sided"
    n_per = users / design["variants"]
    mb = mean * (1 + effect)
    v_rel = var / (mean**2 * n_per) + var * mb**2 / (mean**4 * n_per)
    se = math.sqrt(seq_variance(v_rel, 2 * n_per, alpha, tuning)) if tuning else math.sqrt(v_rel)
    z_star = norm.ppf(1 - alpha / 2 if two_tailed else 1 - alpha)
    return norm.sf(z_star - effect / se) + (norm.cdf(-z_star - effect / se) if two_tailed else 0)


def gb_mde(design, users, power):
    mean, var = gb_moments(design)
    alpha, tuning = design["alpha"], design["sequential"] and design["sequential"]["tuning"]
    n_per = users / design["variants"]
    k = norm.ppf(1 - alpha / 2) - norm.ppf(1 - power)
    v = seq_variance(var, 2 * n_per, alpha, tuning) if tuning else var
    if n_per <= v * k**2 / mean**2:
        return None
    s2 = v / n_per
    roots = np.roots([1 - k**2 * s2 / mean**2, -2 * mean, mean**2 - k**2 * s2])
    return (float(max(roots.real)) - mean) / mean


def gb_sample_size(design, effect, power):
    k = design["variants"]
    n = 1
    while gb_power(design, n * k, effect) < power:
        n += max(1, n // 64)  # a coarse walk up, then step back one by one
    while n > 1 and gb_power(design, (n - 1) * k, effect) >= power:
        n -= 1
    return n


# --- cases ---------------------------------------------------------------------------------------
cases = []


def design_of(flags):
    if "baselineRate" in flags:
        metric = {"kind": "proportion", "baselineRate": float(flags["baselineRate"])}
    else:
        metric = {"kind": "mean", "stddev": float(flags["stddev"])}
        if "mean" in flags:
            metric["mean"] = float(flags["mean"])
    seq = flags.get("sequential")
    return {
        "metric": metric,
        "alpha": float(flags.get("alpha", 0.05)),
        "variants": int(flags.get("variants", 2)),
        "alternative": flags.get("alternative", "two-sided"),
        "method": flags.get("method", "pooled"),
        "sequential": None if seq is None else {"tuning": 5000.0 if seq is True else float(seq)},
    }


def effect_of(design, value, relative):
    m = design["metric"]
    base = m["baselineRate"] if m["kind"] == "proportion" else m.get("mean")
    if relative:
        return value * abs(base), value
    return value, (None if base is None else value / abs(base))


def add(flags):
    d = design_of(flags)
    relative = flags.get("relative", False)
    power = float(flags.get("power", 0.8))
    gb_ok = d["alternative"] != "less" and (d["metric"]["kind"] == "proportion" or "mean" in d["metric"])
    expected = {}
    if "users" not in flags:
        absolute, rel = effect_of(d, float(flags["mde"]), relative)
        exact = guide_n(d, absolute, power)
        expected["guide"] = {"perVariant": round_up(exact), "perVariantExact": exact}
        expected["growthbook"] = {"perVariant": gb_sample_size(d, rel, power)} if gb_ok else None
    elif "effect" in flags:
        absolute, rel = effect_of(d, float(flags["effect"]), relative)
        n = float(flags["users"]) / d["variants"]
        expected["guide"] = {"power": guide_power(d, absolute, n)}
        expected["growthbook"] = {"power": gb_power(d, float(flags["users"]), rel)} if gb_ok else None
    else:
        n = float(flags["users"]) / d["variants"]
        a = guide_mde(d, n, power)
        base = d["metric"]["baselineRate"] if d["metric"]["kind"] == "proportion" else d["metric"].get("mean")
        expected["guide"] = {"absolute": a, "relative": None if base is None else a / abs(base)}
        mde = gb_mde(d, float(flags["users"]), power) if gb_ok and d["alternative"] == "two-sided" else None
        expected["growthbook"] = None if mde is None else {"relative": mde, "absolute": mde * abs(base)}
    cases.append({"flags": {k: (v if isinstance(v, bool) else str(v)) for k, v in flags.items()}, "expected": expected})


# Sample size: every variance convention, absolute and relative effects, one-sided, several variants, sequential.
for method in ["pooled", "unpooled", "arcsine"]:
    add({"baselineRate": 0.1, "mde": 0.05, "method": method})
    add({"baselineRate": 0.1, "mde": 0.05, "relative": True, "method": method})
    add({"baselineRate": 0.32, "mde": -0.04, "method": method, "alpha": 0.01, "power": 0.9})
add({"baselineRate": 0.02, "mde": 0.1, "relative": True, "alternative": "greater"})
add({"baselineRate": 0.5, "mde": 0.03, "alternative": "less"})
add({"baselineRate": 0.1, "mde": 0.1, "relative": True, "variants": 4})
add({"baselineRate": 0.1, "mde": 0.1, "relative": True, "sequential": True})
add({"baselineRate": 0.25, "mde": 0.08, "relative": True, "sequential": 2000, "alpha": 0.1})
add({"stddev": 20, "mde": 2})
add({"stddev": 20, "mean": 50, "mde": 0.02, "relative": True, "variants": 3})
add({"stddev": 3.5, "mean": -12, "mde": 0.4, "power": 0.95, "sequential": True})
# Minimum detectable effect.
add({"baselineRate": 0.1, "users": 20000})
add({"baselineRate": 0.04, "users": 123457, "variants": 3, "power": 0.9})
add({"baselineRate": 0.1, "users": 20000, "sequential": True})
add({"baselineRate": 0.1, "users": 20000, "alternative": "greater"})
add({"baselineRate": 0.03, "users": 300})  # too few users for GrowthBook's MDE
add({"stddev": 20, "users": 2000})
add({"stddev": 20, "mean": 80, "users": 2000, "alpha": 0.1})
# Power.
for method in ["pooled", "unpooled", "arcsine"]:
    add({"baselineRate": 0.1, "users": 20000, "effect": 0.1, "relative": True, "method": method})
add({"baselineRate": 0.3, "users": 5000, "effect": -0.03})
add({"baselineRate": 0.1, "users": 20000, "effect": 0.01, "alternative": "greater"})
add({"baselineRate": 0.1, "users": 60000, "effect": 0.05, "relative": True, "variants": 3, "sequential": 10000})
add({"stddev": 20, "users": 1000, "effect": 3})
add({"stddev": 20, "mean": 100, "users": 1000, "effect": 0.03, "relative": True})
add({"stddev": 20, "mean": 100, "users": 400000, "effect": 0.03, "relative": True})  # power near 1

with open(os.path.join(HERE, "power-answers.json"), "w") as f:
    json.dump({"_generated_by": "packages/cli/src/power/gen_power_answers.py", "_versions": {"scipy": scipy.__version__, "numpy": np.__version__}, "cases": cases}, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
