/// <reference lib="dom" />
// M7 in the web viewer: index keys are outside the hash chain, so the API's changes and stealth
// answers also read the story records and report versions missing from the index they list
// (`indexCheck`). The viewer shows those versions and says why, on both pages, in headless
// chromium over the local server and the embedded stand-ins (no mocks).
import { existsSync } from 'node:fs';
import { UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuditorServer, type AuditorServer } from '../../lambdas/local/server.ts';
import { startAuditorFixture, type AuditorFixture } from '../api/fixture.ts';
import { axeViolations } from '../support/axe.ts';

const CHROMIUM = '/usr/bin/chromium';
/** The demo story's stealth edit (35 → 34 dead). */
const STEALTH_VERSION = 3;

describe.skipIf(!existsSync(CHROMIUM))('Web viewer: versions missing from the index (headless chromium, M7)', () => {
  let fixture: AuditorFixture;
  let server: AuditorServer;
  let browser: Browser;

  const open = async (hash: string, heading: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.url}/${hash}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.locator('table.data, p.empty').first().waitFor();
    return page;
  };
  /** Version links of a table, as `story vN`, in the table's order. */
  const versionsIn = (page: Page, table: string) =>
    page.locator(`${table} tbody tr`).evaluateAll((rows) => rows.map((row) => `${row.querySelector('.mono')?.textContent} ${row.querySelector('td.num a [aria-hidden]')?.textContent}`));

  beforeAll(async () => {
    fixture = await startAuditorFixture();
    server = await startAuditorServer(fixture.deps);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--headless'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fixture?.stop();
  });

  it('says nothing about the index while every version item carries its index keys', async () => {
    const page = await open('#/stealth?since=365d', 'Stealth edits');
    expect(await page.locator('.index-check').count()).toBe(0);
    expect(await versionsIn(page, 'table.data')).toContain(`${fixture.storyId} v${STEALTH_VERSION}`);
    await page.close();
  });

  it('shows the stealth edit whose GSI3 keys were removed, apart, with a warning, on the stealth and changes pages', async () => {
    // Prepare: remove the stealth index keys of the demo story's stealth edit (GSI3, outside the chain).
    const { names, clients } = fixture.embedded;
    await clients.dynamodb.send(
      new UpdateItemCommand({
        TableName: names.tableName,
        Key: { PK: { S: `STORY#${fixture.storyId}` }, SK: { S: `V#${String(STEALTH_VERSION).padStart(10, '0')}` } },
        UpdateExpression: 'REMOVE GSI3PK, GSI3SK',
      }),
    );
    const missing = `${fixture.storyId} v${STEALTH_VERSION}`;

    // Act
    const stealth = await open('#/stealth?since=365d', 'Stealth edits');
    await stealth.locator('.index-check').waitFor();
    const stealthWarning = await stealth.getByRole('alert', { name: 'Index check' }).innerText();
    const shownApart = await versionsIn(stealth, '.index-check table');
    const listed = await versionsIn(stealth, 'table.data:not(.index-check table)');
    const stealthOnly = await open('#/changes?since=365d&stealth=true', 'Changes across stories');
    await stealthOnly.locator('.index-check').waitFor();
    const changesApart = await versionsIn(stealthOnly, '.index-check table');
    const allChanges = await open('#/changes?since=365d', 'Changes across stories');

    // Assess: the stealth index no longer lists it; the viewer shows it apart and says why.
    expect(listed).not.toContain(missing);
    expect(shownApart).toEqual([missing]);
    expect(stealthWarning).toContain('Index keys missing for 1 version in this window.');
    expect(stealthWarning).toContain('redline verify');
    expect(await stealth.locator('.index-check .badge-stealth').count()).toBe(1);
    expect(changesApart).toEqual([missing]);
    expect(await axeViolations(stealth)).toEqual([]);
    // The changes index (GSI2) still has the version: nothing is missing from it.
    expect(await allChanges.locator('.index-check').count()).toBe(0);
    expect(await versionsIn(allChanges, 'table.data')).toContain(missing);
    for (const page of [stealth, stealthOnly, allChanges]) await page.close();
  });
});
