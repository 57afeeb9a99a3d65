// Screenshots of the overview, model and feature pages for the README: the demo's whole story
// played at high speed into a fresh server, a monitor that fires on its drift, and headless
// Chromium at a laptop's width.
//
//   npm run screenshots -w @vigil/dashboard      (writes docs/screenshots/{overview,model,feature}.png)

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverConfigSchema } from '@vigil/server';
import { DEMO_MODEL_NAME, startDemo } from '../../cli/src/demo/run-demo.js';
import { buildDashboard, launchChromium, newContext, signIn, waitForSettled } from '../test/dashboard-harness.js';

const OUT = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const HOUR = 3_600_000;
const silent = { stdout: () => undefined, stderr: () => undefined, stderrIsTTY: false, stderrColumns: 80 };

const data = mkdtempSync(join(tmpdir(), 'vigil-screenshots-'));
const app = await buildDashboard();
const demo = await startDemo({ server: serverConfigSchema.parse({ port: 0, data, logLevel: 'silent' }), speed: 3600, seed: 1, dashboardDir: app }, silent);
try {
  await demo.finished;
  await demo.server.profiler.catchUp(demo.simNow());
  const headers = { authorization: `Bearer ${demo.adminKey}`, 'content-type': 'application/json' };
  // A drift monitor on income, so the overview and the alerts show what a firing alert looks like.
  const monitor = await fetch(`${demo.server.url}/v1/monitors`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      name: 'dashboard-income-drift',
      model: DEMO_MODEL_NAME,
      type: 'drift',
      features: ['income'],
      window: '30d',
      interval: '1m',
      for: '0s',
      severity: 'warning',
    }),
  });
  if (monitor.status === 201) {
    for (let i = 0; i < 100; i++) {
      const alerts = (await (await fetch(`${demo.server.url}/v1/alerts`, { headers })).json()) as { alerts: { state: string }[] };
      if (alerts.alerts.some((a) => a.state === 'firing')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const story = `from=${new Date(demo.storyStart).toISOString()}&to=${new Date(demo.storyStart + 6 * HOUR).toISOString()}&step=30m`;
  const browser = await launchChromium();
  try {
    const page = await (await newContext(browser, { width: 1280, height: 800, timezoneId: 'Europe/Berlin' })).newPage();
    await signIn(page, demo.server.url, demo.adminKey);
    mkdirSync(OUT, { recursive: true });
    for (const [name, path] of [
      ['overview', `/?${story}`],
      ['model', `/models/${DEMO_MODEL_NAME}?${story}`],
      ['feature', `/models/${DEMO_MODEL_NAME}/features/income?${story}`],
    ] as const) {
      await page.goto(`${demo.server.url}${path}`);
      await waitForSettled(page);
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
      process.stderr.write(`wrote ${join(OUT, `${name}.png`)}\n`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await demo.stop();
  rmSync(data, { recursive: true, force: true });
  rmSync(app, { recursive: true, force: true });
}
