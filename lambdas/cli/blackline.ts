// `redline diff … --output pdf`: the blackline a lawyer or ombudsman files — story, both versions
// (time, editor, note), the kinds of change and figures, the chain verification, the redline, page
// numbers — as one HTML page styled by the viewer's own stylesheet (its print rules), printed to
// PDF by the system's Chromium.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { escapeHtml } from '../core/engine/index.ts';
import type { Comparison } from '../app/queries.ts';
import type { StoryVerification } from '../app/verify.ts';
import { VIEWER_DIR } from '../viewer/assets.ts';
import { shortTime } from './auditor-output.ts';

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];

export class NoChromiumError extends Error {
  constructor() {
    super(`--output pdf prints through Chromium and none was found (looked for REDLINE_CHROMIUM, ${CHROMIUM_CANDIDATES.join(', ')}); set REDLINE_CHROMIUM, or save --output html and print it from a browser`);
    this.name = 'NoChromiumError';
  }
}

/** The Chromium to print with: REDLINE_CHROMIUM, else the usual install paths. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.REDLINE_CHROMIUM) return env.REDLINE_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

const e = (text: string | number | undefined) => escapeHtml(String(text ?? ''));

function versionFacts(label: string, v: Comparison['from']): string {
  return `<dt>${label}</dt><dd>Version ${v.version} (${e(v.status)}), ${e(shortTime(v.eventTime))} UTC${v.editor ? `, editor ${e(v.editor)}` : ', editor unknown'}${v.stealth ? ' — <strong class="badge badge-stealth">Stealth edit</strong>' : ''}<br>Note: ${v.note ? `“${e(v.note)}”` : '<strong>none</strong>'}</dd>`;
}

/** The blackline as one self-contained HTML page (no scripts). */
export function blacklineHtml(comparison: Comparison, redlineHtml: string, verification: StoryVerification, generatedAt: string): string {
  const css = readFileSync(join(VIEWER_DIR, 'style.css'), 'utf8');
  const { change } = comparison;
  const figures = change.numbers.map((n) => `<li><strong>${e(n.before ?? '∅')} → ${e(n.after ?? '∅')}</strong> — ${e(n.context)}</li>`).join('');
  const verified = verification.ok
    ? `Chain verified: ${verification.versions} versions, head chain hash <span class="mono">${e(verification.headChainHash)}</span>`
    : `<strong>Verification FAILED</strong> at version ${e(verification.firstProblem?.version)}: ${e(verification.firstProblem?.detail)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Blackline: ${e(comparison.storyId)} v${comparison.from.version} → v${comparison.to.version}</title>
<style>${css}</style>
</head>
<body class="blackline">
<header class="site-header"><p class="brand">Redline blackline</p></header>
<main>
<h1>${e(comparison.to.headline ?? comparison.storyId)}</h1>
<p class="story-name">Story <span class="mono">${e(comparison.storyId)}</span>: version ${comparison.from.version} → version ${comparison.to.version}</p>
<section class="summary-box${comparison.to.stealth ? ' stealth' : ''}" aria-label="Summary of the change">
<dl class="facts">
${versionFacts('Before', comparison.from)}
${versionFacts('After', comparison.to)}
<dt>Changes</dt><dd>${e(change.kinds.join(', '))}; ${change.words.added} words added, ${change.words.removed} removed</dd>
<dt>Ledger</dt><dd>${verified}</dd>
<dt>Printed</dt><dd>${e(shortTime(generatedAt))} UTC by redline diff --output pdf</dd>
</dl>
${figures ? `<p><strong>Figures that changed:</strong></p><ul class="figures">${figures}</ul>` : ''}
</section>
<p class="legend-print">Deleted text is struck through; inserted text is double-underlined; moved text is dotted; figures are boxed.</p>
${redlineHtml}
</main>
</body>
</html>
`;
}

const run = promisify(execFile);

/** Prints the page to `outFile` with headless Chromium; page numbers come from the stylesheet's @page rules. */
export async function printPdf(html: string, outFile: string, chromium: string | undefined = findChromium()): Promise<void> {
  if (!chromium) throw new NoChromiumError();
  const dir = mkdtempSync(join(tmpdir(), 'redline-blackline-'));
  try {
    const page = join(dir, 'blackline.html');
    writeFileSync(page, html);
    const out = resolve(outFile);
    rmSync(out, { force: true });
    await run(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', `--user-data-dir=${join(dir, 'profile')}`, '--no-pdf-header-footer', `--print-to-pdf=${out}`, pathToFileURL(page).href], { timeout: 120_000 });
    if (!existsSync(out) || readFileSync(out).subarray(0, 5).toString() !== '%PDF-') throw new Error(`Chromium (${chromium}) did not write a PDF to ${out}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
