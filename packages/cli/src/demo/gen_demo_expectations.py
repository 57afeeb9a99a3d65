"""Expected values of the Vigil demo model, from an independent NumPy implementation of the
generator that docs/demo.md specifies. Writes demo-expectations.json beside this file.

Run: python3 packages/cli/src/demo/gen_demo_expectations.py   (numpy 1.24, scipy 1.10)

Each condition is sampled with N draws; the TypeScript tests compare their own draws with these
numbers within a few standard errors, so a formula that differs from the spec shows up there.
"""
import json
import os

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import wasserstein_distance

N = 2_000_000
rng = np.random.default_rng(20240601)

REGIONS = ['north', 'south', 'east', 'west', 'central']
REGION_W = [0.22, 0.26, 0.20, 0.20, 0.12]
EMPLOYMENT = ['salaried', 'self_employed', 'contract', 'unemployed', 'retired']
EMP_W_YOUNG = [0.66, 0.14, 0.13, 0.045, 0.025]
EMP_W_55 = [0.45, 0.12, 0.05, 0.03, 0.35]
PURPOSES = ['debt_consolidation', 'home_improvement', 'car', 'business', 'education', 'medical', 'crypto']
PURPOSE_W = [0.38, 0.18, 0.16, 0.10, 0.09, 0.09]
EMP_EFFECT = np.array([0, 0.3, 0.4, 1.0, 0.1])
PURPOSE_EFFECT = np.array([0.2, 0, 0, 0.3, 0.1, 0.3, 0])

NUMERIC = ['age', 'income', 'loan_amount', 'loan_term_months', 'credit_score', 'debt_to_income',
           'num_open_accounts', 'months_employed', 'utilization']

# The story's conditions once each change is fully in (docs/demo.md, "The generator").
CONDITIONS = {
    'reference': dict(drift=0.0, crypto=0.0, missing=0.02, concept=0.0),
    'drifted': dict(drift=1.0, crypto=0.15, missing=0.30, concept=0.0),
    'concept': dict(drift=1.0, crypto=0.15, missing=0.30, concept=1.0),
}


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def categorical(u, weights):
    return np.minimum(np.searchsorted(np.cumsum(weights), u, side='right'), len(weights) - 1)


def logit(f, income, months, concept):
    x_cs = (f['credit_score'] - 690) / 65
    x_dti = np.log(f['debt_to_income'] / 0.30) / 0.45
    x_util = (f['utilization'] - 0.35) / 0.2
    x_inc = np.log(income / 52000) / 0.55
    x_lti = (np.log(f['loan_amount'] / income) - np.log(12000 / 52000)) / 0.577
    x_emp = np.log((months + 1) / 31) / 0.75
    x_term = (f['loan_term_months'] - 36) / 12
    emp, purp = f['employment_code'], f['purpose_code']
    base = -2.6 + 1.5 * (-1.0 * x_cs + 0.5 * x_dti + 0.3 * x_util - 0.15 * x_inc + 0.3 * x_lti - 0.25 * x_emp
                         + 0.15 * x_term + EMP_EFFECT[emp] + PURPOSE_EFFECT[purp] - 0.3 * f['has_mortgage'])
    shift = 2.0 * x_dti + 0.8 * x_term + 1.5 * np.isin(emp, [1, 2]) + 2.5 * (purp == 6)
    return base + concept * shift


def sample(drift, crypto, missing, concept):
    z_age, e_inc, e_cs, e_util, e_dti, e_loan, e_term, e_acc, e_emp, e_score, e_lat = rng.standard_normal((11, N))
    u = rng.random((9, N))
    z_inc = 0.4 * z_age + np.sqrt(0.84) * e_inc
    z_cs = 0.25 * z_age + 0.3 * z_inc + np.sqrt(0.7875) * e_cs
    z_util = -0.5 * z_cs + np.sqrt(0.75) * e_util
    z_dti = -0.3 * z_inc - 0.2 * z_cs + np.sqrt(0.822) * e_dti
    z_loan = 0.5 * z_inc + np.sqrt(0.75) * e_loan
    z_term = 0.8 * z_loan + 0.6 * e_term
    z_acc = 0.3 * z_age + np.sqrt(0.91) * e_acc
    z_emp = 0.6 * z_age + 0.8 * e_emp
    f = {}
    f['age'] = np.clip(np.round(18 + np.exp(3.0 + 0.42 * z_age)), 18, 85)
    f['income'] = np.round(np.exp(np.log(52000) + 0.55 * z_inc - 0.3 * drift))
    f['credit_score'] = np.clip(np.round(690 + 65 * z_cs), 300, 850)
    f['utilization'] = np.round(sigmoid(-0.7 + 1.1 * z_util - 0.6 * drift), 3)
    f['debt_to_income'] = np.round(np.exp(np.log(0.30) + 0.45 * z_dti), 3)
    f['loan_amount'] = np.clip(np.round(np.exp(np.log(12000) + 0.6 * z_loan) / 100) * 100, 1000, 100000)
    f['loan_term_months'] = np.select([z_term < -0.9, z_term < -0.3, z_term < 0.3, z_term < 0.9], [12, 24, 36, 48], 60)
    f['num_open_accounts'] = np.round(np.exp(1.6 + 0.45 * z_acc))
    f['months_employed'] = np.minimum(np.round(np.exp(3.4 + 0.75 * z_emp)), 12 * (f['age'] - 16))
    f['region_code'] = categorical(u[0], REGION_W)
    f['employment_code'] = np.where(f['age'] >= 55, categorical(u[1], EMP_W_55), categorical(u[1], EMP_W_YOUNG))
    f['purpose_code'] = np.where(u[2] < crypto, 6, categorical(u[3], PURPOSE_W))
    f['has_mortgage'] = (u[4] < sigmoid(-0.6 + 0.9 * z_inc + 0.5 * z_age)).astype(float)
    income_missing = u[5] < 0.01
    months_missing = u[6] < missing
    p = sigmoid(logit(f, f['income'], f['months_employed'], concept))
    seen_income = np.where(income_missing, 52000, f['income'])
    seen_months = np.where(months_missing, 30, f['months_employed'])
    score = np.round(sigmoid(logit(f, seen_income, seen_months, 0.0) + 0.1 * e_score), 4)
    pred = score >= 0.5
    slow = u[7] < 0.015
    latency = np.where(slow, np.exp(np.log(250) + u[8] * np.log(2500 / 250)), np.exp(np.log(38) + 0.35 * e_lat))
    return f, income_missing, months_missing, p, score, pred, latency


def shares(codes, k):
    return (np.bincount(codes, minlength=k) / len(codes)).tolist()


out = {'n': N, 'conditions': {}}
samples = {}
for name, c in CONDITIONS.items():
    f, inc_miss, mon_miss, p, score, pred, latency = sample(**c)
    samples[name] = f
    out['conditions'][name] = {
        **c,
        'defaultRate': float(p.mean()),
        'positiveRate': float(pred.mean()),
        # Realized accuracy's expectation: the chance the drawn label equals the predicted one.
        'accuracy': float(np.where(pred, p, 1 - p).mean()),
        # CBPE's estimate: the mean of max(s, 1 − s), the model's own belief about its accuracy.
        'expectedAccuracy': float(np.maximum(score, 1 - score).mean()),
        'meanScore': float(score.mean()),
        'incomeMissing': float(inc_miss.mean()),
        'monthsEmployedMissing': float(mon_miss.mean()),
        'latencyMedianMs': float(np.median(latency)),
        'latencyP99Ms': float(np.quantile(latency, 0.99)),
        'mean': {k: float(f[k].mean()) for k in NUMERIC},
        'std': {k: float(f[k].std()) for k in NUMERIC},
        'shares': {
            'region': dict(zip(REGIONS, shares(f['region_code'], 5))),
            'employment_type': dict(zip(EMPLOYMENT, shares(f['employment_code'], 5))),
            'purpose': dict(zip(PURPOSES, shares(f['purpose_code'], 7))),
            'has_mortgage': float(f['has_mortgage'].mean()),
        },
    }

# Drift of the drifted window against the reference as Evidently measures it for samples over
# 1000 rows: Wasserstein distance normed by the reference's std (np.std), JS distance (base e) of shares.
ref, cur = samples['reference'], samples['drifted']
out['drift'] = {
    'wassersteinNormed': {k: float(wasserstein_distance(ref[k], cur[k]) / np.std(ref[k])) for k in NUMERIC},
    'jensenShannon': {
        'purpose': float(jensenshannon(shares(ref['purpose_code'], 7), shares(cur['purpose_code'], 7))),
        'region': float(jensenshannon(shares(ref['region_code'], 5), shares(cur['region_code'], 5))),
        'employment_type': float(jensenshannon(shares(ref['employment_code'], 5), shares(cur['employment_code'], 5))),
    },
}
# Label delay: 30 + 150·u² minutes, so its mean is 30 + 150/3 and its median 30 + 150/4.
out['labelDelayMinutes'] = {'min': 30, 'max': 180, 'mean': 80.0, 'median': 67.5, 'neverShare': 0.05}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'demo-expectations.json')
with open(path, 'w') as fh:
    json.dump(out, fh, indent=1, sort_keys=True)
    fh.write('\n')
print(json.dumps({k: {m: round(v[m], 4) for m in ('defaultRate', 'positiveRate', 'accuracy', 'expectedAccuracy')}
                  for k, v in out['conditions'].items()}, indent=1))
print(json.dumps(out['drift'], indent=1))
