import { andersonKSamp, eppsSingleton2Samp } from '@vigil/stats';
for (const v of ['midrank','right'] as const) {
console.log(v, andersonKSamp([[4,1,2,5,6],[3,-6,6],[-6,0]], {variant: v}), andersonKSamp([[-6,0],[4,1,2,5,6],[3,-6,6]], {variant: v}));
}
try { console.log(eppsSingleton2Samp([0,0,0,0,0],[2e-323,2e-323,2e-323,0,0,0])); } catch (e) { console.log('err', (e as Error).message); }
try { console.log(eppsSingleton2Samp([2e-323,2e-323,2e-323,0,0,0],[0,0,0,0,0])); } catch (e) { console.log('err', (e as Error).message); }
