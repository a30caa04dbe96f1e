// Shared by the phone-sized browser tests: the viewport of a cheap phone, axe-core's serious and critical findings,
// and a screenshot of each screen kept as an artefact (TestResults/screenshots/, beside the test results CI keeps).
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import AxeBuilder from '@axe-core/playwright';

import { repoRoot } from './service.mjs';

/** A 360×740 phone, touch, as the walk-through of issue #18 used. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export const screenshotFolder = process.env.CITIZENHELPER_SCREENSHOTS || path.join(repoRoot, 'TestResults', 'screenshots');

/** Serious and critical axe-core violations (WCAG 2.1 A and AA rules) on the page as it is now, one line each. */
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  assert.ok(results.passes.length > 0, 'axe-core checked nothing');
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Saves what the phone shows now as TestResults/screenshots/NAME.png and returns the path. */
export async function keepScreenshot(page, name) {
  await mkdir(screenshotFolder, { recursive: true });
  const file = path.join(screenshotFolder, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Checks a screen on the phone: no serious or critical axe-core finding, and keeps its screenshot. */
export async function checkScreen(t, page, name) {
  const shot = await keepScreenshot(page, name);
  t.diagnostic(`screenshot: ${shot}`);
  assert.deepEqual(await seriousViolations(page), [], `axe-core on the ${name} screen`);
}
