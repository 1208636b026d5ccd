// Redline viewer: a small hash-routed page over the auditor API, one ES module per page (no build
// step). Every view has a permalink:
//   #/                                         stories, most recently changed first
//   #/stories/<id>?kind=number                 a story's timeline (id percent-encoded, one segment)
//   #/stories/<id>/versions/<n>                one version's text and record
//   #/stories/<id>/compare/<from>/<to>?view=side-by-side|before-after&only=changes
//   #/changes?since=7d&kind=number&stealth=true&editor=…   changes across stories
//   #/stealth?since=30d                        stealth edits
import { ApiError, h } from './dom.js';
import { loadVocabulary } from './vocabulary.js';
import { storiesView } from './stories.js';
import { timelineView } from './timeline.js';
import { versionView } from './version.js';
import { compareView } from './compare.js';
import { changesView, stealthView } from './changes.js';

const main = document.getElementById('main');
const statusRegion = document.getElementById('status');
const SHORTCUTS_KEY = 'redline.shortcuts';

/** Each navigation's number: a view whose data arrives after a newer navigation is dropped. */
let currentNavigation = 0;

function show(view) {
  document.title = `${view.title} · Redline`;
  main.replaceChildren(...view.content);
  statusRegion.textContent = `${view.title} loaded`;
}

function errorView(error) {
  const message = error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`;
  const title = error instanceof ApiError && error.status === 404 ? 'Not found' : 'Error';
  return { title, content: [h('h1', {}, title), h('p', { class: 'error', role: 'alert' }, message), h('p', {}, h('a', { href: '#/' }, 'Back to stories'))] };
}

function viewFor(hash) {
  const queryAt = hash.indexOf('?');
  const path = queryAt < 0 ? hash : hash.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : hash.slice(queryAt + 1));
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return storiesView();
  if (segments[0] === 'changes') return changesView(query);
  if (segments[0] === 'stealth') return stealthView(query);
  if (segments[0] === 'stories' && segments.length >= 2) {
    const storyId = decodeURIComponent(segments[1]);
    if (segments.length === 2) return timelineView(storyId, query);
    if (segments[2] === 'versions' && segments.length === 4) return versionView(storyId, segments[3]);
    if (segments[2] === 'compare' && segments.length === 5) return compareView(storyId, segments[3], segments[4], query);
  }
  throw new ApiError(404, `No page at ${hash}.`);
}

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  if (!hash.startsWith('/')) return; // an in-page anchor, not a view
  const navigation = ++currentNavigation;
  main.setAttribute('aria-busy', 'true');
  let view;
  try {
    view = await viewFor(hash);
  } catch (error) {
    view = errorView(error);
  }
  if (navigation !== currentNavigation) return; // a newer view was asked for meanwhile
  main.removeAttribute('aria-busy');
  show(view);
  // After a navigation, focus the new view's heading (no frame around the page) so reading starts
  // there; on the first load focus stays at the top, where the skip link is.
  const heading = main.querySelector('h1');
  if (heading && navigation > 1) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
  window.scrollTo(0, 0);
}

// The skip link moves focus to the content without changing the route.
document.querySelector('.skip-link')?.addEventListener('click', (event) => {
  event.preventDefault();
  const target = main.querySelector('h1') ?? main;
  target.tabIndex = -1;
  target.focus();
});

// Single-key shortcuts f / p / n / l (first, previous, next, latest); off while typing, and can be switched off.
const shortcutsToggle = document.getElementById('shortcuts');
if (shortcutsToggle) {
  shortcutsToggle.checked = localStorage.getItem(SHORTCUTS_KEY) !== 'off';
  shortcutsToggle.addEventListener('change', () => localStorage.setItem(SHORTCUTS_KEY, shortcutsToggle.checked ? 'on' : 'off'));
}
const STEP_KEYS = { f: 'first', p: 'previous', n: 'next', l: 'latest' };
document.addEventListener('keydown', (event) => {
  if (shortcutsToggle && !shortcutsToggle.checked) return;
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  if (event.target instanceof Element && event.target.closest('input, select, textarea, [contenteditable]')) return;
  const step = STEP_KEYS[event.key];
  const link = step && main.querySelector(`a[data-step="${step}"]`);
  if (!link) return;
  event.preventDefault();
  location.hash = link.getAttribute('href');
});

window.addEventListener('hashchange', route);
await loadVocabulary();
route();
