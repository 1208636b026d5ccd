// The web viewer's static files (index.html, app.js, style.css), read once from a folder and
// served by the auditor API router under `/` and `/viewer/<name>`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ViewerAssets } from '../app/http-api.ts';

export const VIEWER_DIR = dirname(fileURLToPath(import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Loads every servable file of the folder (not this loader itself); undefined when it has none. */
export function loadViewerAssets(dir: string = VIEWER_DIR): ViewerAssets | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => CONTENT_TYPES[extname(name)] !== undefined);
  } catch {
    return undefined;
  }
  if (!names.includes('index.html')) return undefined;
  const files = new Map(names.map((name) => [name, { contentType: CONTENT_TYPES[extname(name)]!, body: readFileSync(join(dir, name), 'utf8') }]));
  return { get: (name) => files.get(name) };
}
