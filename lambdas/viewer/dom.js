// Shared pieces of the viewer's pages: element builder, API client, links, badges, formatting.
// Text from the ledger is always inserted as text; the only HTML inserted is the engine's escaped
// redline fragment (compare.js).

/** Builds an element: h('a', { href: '#/' }, 'text', child). Strings become text nodes. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** Short visible text with a fuller name for assistive technology (no aria-label, so the visible text never contradicts the name). */
export function spoken(visible, name) {
  return [h('span', { 'aria-hidden': 'true' }, visible), h('span', { class: 'visually-hidden' }, name)];
}

export const enc = encodeURIComponent;
export const storyHref = (storyId, query = '') => `#/stories/${enc(storyId)}${query}`;
export const versionHref = (storyId, version) => `#/stories/${enc(storyId)}/versions/${version}`;
export function compareHref(storyId, from, to, options = {}) {
  const query = new URLSearchParams();
  if (options.view && options.view !== 'inline') query.set('view', options.view);
  if (options.only) query.set('only', options.only);
  return `#/stories/${enc(storyId)}/compare/${from}/${to}${query.size ? `?${query}` : ''}`;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export async function api(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const response = await fetch(`${path}${params.size ? `?${params}` : ''}`, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

export const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

export function timeElement(iso) {
  return h('time', { datetime: iso, class: 'time' }, formatTime(iso));
}

export function stealthBadge() {
  return h('span', { class: 'badge badge-stealth', title: 'A substantive change (figures, quotes, facts) with no update or correction note' }, 'Stealth edit');
}

export function statusBadge(status) {
  return status && status !== 'recorded' ? h('span', { class: 'badge badge-status' }, status) : null;
}

export function figureList(numbers = []) {
  if (numbers.length === 0) return null;
  return h('ul', { class: 'figures', 'aria-label': 'Figures that changed' }, numbers.map((n) => h('li', {}, h('strong', {}, `${n.before ?? '∅'} → ${n.after ?? '∅'}`), ' — ', n.context)));
}

export function setCurrentNav(section) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

export function pager(cursor, load) {
  if (!cursor) return null;
  return h('div', { class: 'pager' }, h('button', { type: 'button', class: 'secondary', onclick: () => load(cursor) }, 'Load more'));
}

/** A table cell that, on narrow screens, shows its column name before the value (style.css). */
export function cell(tag, label, attributes, ...children) {
  return h(tag, { ...attributes, 'data-label': label }, ...children);
}

export async function loadAllVersions(storyId) {
  const versions = [];
  let cursor;
  do {
    const page = await api(`/stories/${enc(storyId)}/versions`, { order: 'newest', limit: 200, cursor });
    versions.push(...page.items);
    cursor = page.cursor;
  } while (cursor && versions.length < 2000);
  return versions;
}

export function versionLabel(record) {
  return `v${record.version} · ${formatTime(record.eventTime)}${record.editor ? ` · ${record.editor}` : ''}`;
}

/** The chain check of a story, filled in when the API answers (the page does not wait for it). */
export function verificationBadge(storyId) {
  const slot = h('span', { class: 'verification' }, h('span', { class: 'badge badge-status' }, 'verifying…'));
  api(`/stories/${enc(storyId)}/verify`).then(
    (result) =>
      slot.replaceChildren(
        result.ok
          ? h('span', { class: 'badge badge-ok', title: `head chain hash ${result.headChainHash}` }, `Chain verified (${result.versions} versions)`)
          : h('span', { class: 'badge badge-fail' }, `Verification failed at v${result.firstProblem?.version}: ${result.firstProblem?.detail}`),
      ),
    (error) => slot.replaceChildren(h('span', { class: 'badge badge-fail' }, `Verification unavailable: ${error.message}`)),
  );
  return slot;
}

/** A page: what the router puts in <main> once the view's data has arrived (and the view is still wanted). */
export function page(title, ...content) {
  return { title, content: content.flat().filter(Boolean) };
}
