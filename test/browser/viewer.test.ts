/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditorServer, type AuditorServer } from '../../lambdas/local/server.ts';
import { startAuditorFixture, type AuditorFixture } from '../api/fixture.ts';
import { axeViolations } from '../support/axe.ts';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT_DIR = 'test-artifacts';
const STORY = 'world%2Fvaldera-earthquake';
const HEADLINE = 'Valdera earthquake: rescuers race to reach trapped residents';

/** Every page of the viewer, by a short name used in the screenshot files. */
const PAGES: [string, string, string][] = [
  ['stories', '#/', 'Stories'],
  ['timeline', `#/stories/${STORY}`, HEADLINE],
  ['version', `#/stories/${STORY}/versions/3`, 'Version 3'],
  ['compare', `#/stories/${STORY}/compare/2/3`, 'Redline: version 2 → version 3'],
  ['side-by-side', `#/stories/${STORY}/compare/2/3?view=side-by-side`, 'Redline: version 2 → version 3'],
  ['changes-only', `#/stories/${STORY}/compare/4/5?only=changes`, 'Redline: version 4 → version 5'],
  ['before-after', `#/stories/${STORY}/compare/1/5?view=before-after`, 'Redline: version 1 → version 5'],
  ['changes', '#/changes?since=365d', 'Changes across stories'],
  ['stealth', '#/stealth?since=365d', 'Stealth edits'],
  ['not-found', '#/nowhere', 'Not found'],
];

async function openView(page: Page, base: string, hash: string, heading: string): Promise<void> {
  page.setDefaultTimeout(10_000);
  // Within the viewer, follow the route as a link would (no reload); otherwise load the page.
  if (page.url().startsWith(base)) await page.evaluate((target) => (location.hash = target), hash);
  else await page.goto(`${base}/${hash}`);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  await page.waitForFunction(() => !document.querySelector('.verification .badge-status'));
}

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

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
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixture?.stop();
  });

  it.each([390, 1280])('at %i px: every page fits the width, has zero axe-core violations, and is screenshotted', async (width) => {
    // Prepare
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    const report: Record<string, { overflow: number; violations: string[] }> = {};

    // Act
    for (const [name, hash, heading] of PAGES) {
      await openView(page, server.url, hash, heading);
      report[name] = { overflow: await horizontalOverflow(page), violations: await axeViolations(page) };
      await page.screenshot({ path: `${SCREENSHOT_DIR}/viewer-${name}-${width}.png`, fullPage: true });
    }

    // Assess
    for (const [name, result] of Object.entries(report)) {
      expect(result, name).toEqual({ overflow: 0, violations: [] });
    }
    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);

  it('fits a 320 px screen on every page without sideways scrolling', async () => {
    const page = await browser.newPage({ viewport: { width: 320, height: 700 } });
    for (const [name, hash, heading] of PAGES) {
      await openView(page, server.url, hash, heading);
      expect(await horizontalOverflow(page), name).toBe(0);
    }
    await page.close();
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
    await expect.poll(() => page.url()).toContain(`#/stories/${STORY}`);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const stealthRow = page.locator('tbody tr', { has: page.getByRole('link', { name: 'Version 3', exact: true }) });
    await expect.poll(() => stealthRow.locator('.badge-stealth').isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Redline of version 3 against version 2' }).click();
    await page.locator('#redline .rl-redline').waitFor();

    // Assess
    expect(page.url()).toContain(`#/stories/${STORY}/compare/2/3`);
    expect(await page.title()).toBe('Earthquake strikes hill towns north of Valdera: v2 → v3 · Redline');
    expect(await page.locator('#redline ins.rl-ins .rl-figure', { hasText: '34' }).first().isVisible()).toBe(true);
    expect(await page.locator('#redline del.rl-del .rl-figure', { hasText: '35' }).first().isVisible()).toBe(true);
    expect(await page.locator('.summary-box .badge-stealth').isVisible()).toBe(true);
    expect(await page.locator('.summary-box').innerText()).toContain('35 → 34');
    await expect.poll(() => page.locator('.summary-box').innerText()).toMatch(/Chain verified \(5 versions\)/);

    // Side by side keeps the permalink and both figures.
    await page.getByLabel('Side by side').check();
    await page.getByRole('button', { name: 'Show redline' }).click();
    await page.locator('#redline table.rl-side-by-side').waitFor();
    expect(page.url()).toContain('compare/2/3?view=side-by-side');
    expect(await page.locator('#redline td.rl-after .rl-figure', { hasText: '34' }).first().isVisible()).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  });

  it('skips to the content without leaving the page, and frames no region after a navigation', async () => {
    // Prepare
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openView(page, server.url, `#/stories/${STORY}`, HEADLINE);

    // Act: the first Tab reaches the skip link; Enter follows it.
    await page.keyboard.press('Tab');
    const skipFocused = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Enter');

    // Assess
    expect(skipFocused).toBe('Skip to content');
    expect(page.url()).toContain(`#/stories/${STORY}`);
    expect(await page.getByRole('heading', { name: 'Not found' }).count()).toBe(0);
    const focused = await page.evaluate(() => {
      const active = document.activeElement as HTMLElement;
      const style = getComputedStyle(active);
      return { tag: active.tagName, outline: style.outlineStyle, shadow: style.boxShadow, main: getComputedStyle(document.getElementById('main')!).boxShadow };
    });
    expect(focused).toEqual({ tag: 'H1', outline: 'none', shadow: 'none', main: 'none' });
    // A focused control does show a ring.
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(ring).toBe('solid');
    await page.close();
  });

  it('steps through versions with links and the keys f p n l; titles name the story and the versions', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openView(page, server.url, `#/stories/${STORY}/compare/2/3`, 'Redline: version 2 → version 3');

    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'Redline: version 3 → version 4' }).waitFor();
    expect(await page.title()).toMatch(/^Valdera earthquake: rescuers race to reach trapped residents: v3 → v4 · Redline$/);
    await page.keyboard.press('l');
    await page.getByRole('heading', { name: 'Redline: version 4 → version 5' }).waitFor();
    expect(await page.locator('.steps [aria-disabled="true"]').allInnerTexts()).toEqual(['Next', 'Latest']);
    await page.keyboard.press('f');
    await page.getByRole('heading', { name: 'Redline: version 1 → version 2' }).waitFor();
    await page.getByRole('link', { name: 'Next: redline of version 3 against version 2' }).click();
    await page.getByRole('heading', { name: 'Redline: version 2 → version 3' }).waitFor();
    await page.keyboard.press('p');
    await page.getByRole('heading', { name: 'Redline: version 1 → version 2' }).waitFor();

    // Typing in a field never steps; switching the shortcuts off stops them.
    await page.getByLabel('Single-key shortcuts', { exact: false }).uncheck();
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    expect(page.url()).toContain('compare/1/2');
    await page.getByLabel('Single-key shortcuts', { exact: false }).check();

    await openView(page, server.url, `#/stories/${STORY}/versions/3`, 'Version 3');
    expect(await page.title()).toMatch(/: version 3 of 5 · Redline$/);
    await page.keyboard.press('n');
    await page.getByRole('heading', { name: 'Version 4', exact: true }).waitFor();
    await page.close();
  });

  it('collapses unchanged paragraphs with one of context, expands them on demand, and links both ends of moved text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openView(page, server.url, `#/stories/${STORY}/compare/4/5?only=changes`, 'Redline: version 4 → version 5');

    const buttons = page.getByRole('button', { name: /^Show \d+ unchanged paragraphs?$/ });
    expect(await buttons.allInnerTexts()).toEqual(['Show 3 unchanged paragraphs', 'Show 2 unchanged paragraphs']);
    expect(await page.locator('#redline .rl-inline > [hidden]').count()).toBe(5);
    // The changed magnitude paragraph keeps a paragraph of context on each side.
    const visible = await page.locator('#redline .rl-inline > p:not([hidden]):not(.collapsed)').allInnerTexts();
    expect(visible[0]).toContain('digging with our hands');
    expect(visible[1]).toContain('6.4');
    expect(visible[2]).toContain('Rescue teams');
    await buttons.first().click();
    expect(await page.locator('#redline .rl-inline > [hidden]').count()).toBe(2);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Valdera earthquake');

    // Moved text (v2 → v3 moved a sentence): each end has a button to the other.
    await openView(page, server.url, `#/stories/${STORY}/compare/2/3`, 'Redline: version 2 → version 3');
    await page.getByRole('button', { name: /Go to where this text moved/ }).first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('moved-to-1');
    await page.getByRole('button', { name: /Go to where this text was before/ }).first().click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('moved-from-1');

    // The same changes as plain text for screen readers.
    await page.getByText(/as plain text \(Before: … After: …\)/).click();
    const plain = await page.locator('.plain-changes').innerText();
    expect(plain).toMatch(/Before: .*killing at least 35 people/);
    expect(plain).toMatch(/After: .*killing at least 34 people/);
    await page.close();
  });

  it('shows two versions that share little as whole texts before and after', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await openView(page, server.url, `#/stories/${STORY}/compare/1/5?view=before-after`, 'Redline: version 1 → version 5');
    expect(await page.getByRole('article', { name: 'Before: version 1' }).innerText()).toContain('magnitude 6.1');
    expect(await page.getByRole('article', { name: 'After: version 5' }).innerText()).toContain('It was 6.4, not 6.1.');
    await page.close();
  });

  it('reads the kinds from /vocabulary once and shows an unknown kind by its id; a slow answer never paints over a newer view', async () => {
    // Prepare: count /vocabulary requests, add a kind the registry does not know, hold one compare answer back.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    let vocabularyRequests = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/vocabulary') vocabularyRequests++;
    });
    await page.route('**/stories/*/versions?*', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      body.items[0].change.kinds.push('brand-new-kind');
      await route.fulfill({ response, json: body });
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/compare?*', async (route) => {
      await held;
      await route.continue();
    });

    // Act
    await openView(page, server.url, `#/stories/${STORY}`, HEADLINE);
    const badges = await page.locator('tbody tr').first().locator('.badge-kind').allInnerTexts();
    await page.evaluate((story) => (location.hash = `#/stories/${story}/compare/2/3`), STORY);
    await page.waitForTimeout(200);
    await page.evaluate(() => (location.hash = '#/stealth?since=365d'));
    await page.getByRole('heading', { name: 'Stealth edits' }).waitFor();
    release();
    await page.waitForTimeout(500);

    // Assess
    expect(badges).toContain('brand new kind');
    expect(vocabularyRequests).toBe(1);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Stealth edits');
    expect(await page.title()).toBe('Stealth edits · Redline');
    await page.close();
  });
});
