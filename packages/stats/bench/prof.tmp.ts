import { createRng, histogram, histogramBinEdges, jensenShannonDistance, sortedCopy } from '@vigil/stats';
const rng = createRng(1);
const n = 1e6;
const x = Float64Array.from({ length: n }, () => rng.normal());
const y = Float64Array.from({ length: n }, () => rng.normal());
function t(label: string, f: () => unknown) { f(); const s = performance.now(); for (let i=0;i<3;i++) f(); console.log(label, ((performance.now()-s)/3).toFixed(1)); }
const xy = new Float64Array(2*n); xy.set(x); xy.set(y, n);
t('concat', () => { const o = new Float64Array(2*n); o.set(x); o.set(y, n); return o; });
t('edges', () => histogramBinEdges(xy, 'sturges'));
const e = histogramBinEdges(xy, 'sturges');
t('hist', () => histogram(x, e));
t('js', () => jensenShannonDistance(histogram(x, e), histogram(y, e)));
t('sort', () => sortedCopy(x));
t('nativesort', () => Float64Array.from(x).sort());
