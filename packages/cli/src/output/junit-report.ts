// JUnit XML for CI systems: one test suite, one test case per check, failures with their reason.

import type { CheckRow } from './check-row.js';

export function junitReport(rows: readonly CheckRow[], suiteName = 'vigil check'): string {
  const failures = rows.filter((row) => !row.passed).length;
  const cases = rows.map((row) => {
    const open = `    <testcase classname="vigil" name="${xml(row.check)}">`;
    if (row.passed) return `${open}</testcase>`;
    return `${open}\n      <failure message="${xml(row.message ?? 'check failed')}">${xml(`actual: ${row.actual}`)}</failure>\n    </testcase>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="${rows.length}" failures="${failures}">
  <testsuite name="${xml(suiteName)}" tests="${rows.length}" failures="${failures}" errors="0" skipped="0">
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
