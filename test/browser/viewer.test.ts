import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditorServer, type AuditorServer } from '../../lambdas/local/server.ts';
import { startAuditorFixture, type AuditorFixture } from '../api/fixture.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = 'test-artifacts';

// Debian's chromium; `.ci/run` installs it (apt-get install chromium).
describe.skipIf(!existsSync(CHROMIUM))('Web viewer in a real browser (headless chromium)', () => {
  let fixture: AuditorFixture;
  let server: AuditorServer;
  let browser: Browser;

  beforeAll(async () => {
    fixture = await startAuditorFixture();
    server = await startAuditorServer(fixture.deps);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--headless'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixture?.stop();
  });

  it('shows the demo story, its stealth badge and the highlighted figure change 35 → 34', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    // Act: story list → story timeline → the v2 → v3 redline
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: /Earthquake|Valdera/ }).first().click();
    await expect.poll(() => page.url()).toContain('#/stories/world%2Fvaldera-earthquake');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const stealthRow = page.locator('tbody tr', { has: page.getByRole('link', { name: 'Version 3', exact: true }) });
    await expect.poll(() => stealthRow.locator('.badge-stealth').isVisible()).toBe(true);
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/viewer-timeline.png`, fullPage: true });
    await page.getByRole('link', { name: 'Redline of version 3 against version 2' }).click();
    await page.locator('#redline .rl-redline').waitFor();

    // Assess
    expect(page.url()).toContain('#/stories/world%2Fvaldera-earthquake/compare/2/3');
    const inserted = page.locator('#redline ins.rl-ins .rl-figure', { hasText: '34' });
    const deleted = page.locator('#redline del.rl-del .rl-figure', { hasText: '35' });
    expect(await inserted.first().isVisible()).toBe(true);
    expect(await deleted.first().isVisible()).toBe(true);
    expect(await page.locator('.summary-box .badge-stealth').isVisible()).toBe(true);
    expect(await page.locator('.summary-box').innerText()).toContain('35 → 34');
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOT_DIR}/viewer.png`, fullPage: true });

    // Side by side keeps the permalink and both figures.
    await page.getByLabel('Side by side').check();
    await page.getByRole('button', { name: 'Show redline' }).click();
    await page.locator('#redline table.rl-side-by-side').waitFor();
    expect(page.url()).toContain('compare/2/3?view=side-by-side');
    expect(await page.locator('#redline td.rl-after .rl-figure', { hasText: '34' }).first().isVisible()).toBe(true);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/viewer-side-by-side.png`, fullPage: true });
    expect(failures).toEqual([]);
  });

  it('lists the stealth edit on the stealth page and reaches its redline with the keyboard', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });

    // Act
    await page.goto(`${server.url}/#/stealth`);
    await page.getByRole('heading', { name: 'Stealth edits' }).waitFor();
    const link = page.getByRole('link', { name: 'Redline of world/valdera-earthquake version 3' });
    await link.focus();
    await page.keyboard.press('Enter');
    await page.locator('#redline .rl-redline').waitFor();

    // Assess
    expect(page.url()).toContain('compare/2/3');
    await page.goto(`${server.url}/#/stealth`);
    await page.getByRole('heading', { name: 'Stealth edits' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOT_DIR}/viewer-stealth.png`, fullPage: true });
  });
});
