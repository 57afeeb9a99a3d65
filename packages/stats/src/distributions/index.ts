// Barrel for the distributions: the names other areas import from '../distributions/index.js'.

export { normalPdf, normalCdf, normalSf, normalPpf, normalIsf } from './normal.js';
export { chi2Pdf, chi2Cdf, chi2Sf, chi2Ppf, chi2Isf } from './chi2.js';
export { studentTPdf, studentTCdf, studentTSf, studentTPpf, studentTIsf } from './student-t.js';
export { betaPdf, betaCdf, betaSf, betaPpf } from './beta.js';
export { gammaPdf, gammaCdf, gammaSf, gammaPpf } from './gamma.js';
export { binomialPmf, binomialCdf, binomialSf, binomialPpf } from './binomial.js';
export { hypergeomPmf, hypergeomLogPmf, hypergeomCdf, hypergeomSf } from './hypergeom.js';
export { kstwoCdf, kstwoSf, kstwoPpf, kstwoIsf } from './kstwo.js';
export { kstwobignCdf, kstwobignSf, kstwobignPpf, kstwobignIsf } from './kstwobign.js';
export { smirnovSf } from './smirnov.js';
