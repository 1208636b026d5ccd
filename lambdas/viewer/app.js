// Redline viewer: a small hash-routed page over the auditor API. Every view has a permalink:
//   #/                                         stories, most recently changed first
//   #/stories/<id>?kind=number                 a story's timeline (id percent-encoded, one segment)
//   #/stories/<id>/versions/<n>                one version's text and record
//   #/stories/<id>/compare/<from>/<to>?view=side-by-side   redline between any two versions
//   #/changes?since=7d&kind=number&stealth=true&editor=…   changes across stories
//   #/stealth?since=30d                        stealth edits
// Text from the ledger is always inserted as text; the only HTML inserted is the engine's escaped
// redline fragment.

const main = document.getElementById('main');
const statusRegion = document.getElementById('status');

const KINDS = ['first-version', 'headline', 'byline', 'dek', 'lede', 'body', 'number', 'quote', 'update-note', 'correction-note', 'moved', 'trivial', 'rewrite', 'unchanged', 'spelling', 'timestamp'];
const KIND_LABELS = { 'first-version': 'first version', 'update-note': 'update note', 'correction-note': 'correction note' };

/** Builds an element: h('a', { href: '#/' }, 'text', child). Strings become text nodes. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = value;
    else if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const enc = encodeURIComponent;
const storyHref = (storyId, query = '') => `#/stories/${enc(storyId)}${query}`;
const versionHref = (storyId, version) => `#/stories/${enc(storyId)}/versions/${version}`;
const compareHref = (storyId, from, to, view) => `#/stories/${enc(storyId)}/compare/${from}/${to}${view && view !== 'inline' ? `?view=${view}` : ''}`;

class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function api(path, query = {}) {
  const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== ''));
  const response = await fetch(`${path}${params.size ? `?${params}` : ''}`, { headers: { accept: 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

function timeElement(iso) {
  return h('time', { datetime: iso, class: 'time' }, formatTime(iso));
}

function stealthBadge() {
  return h('span', { class: 'badge badge-stealth', title: 'A substantive change (figures, quotes, facts) with no update or correction note' }, 'Stealth edit');
}

function kindBadges(kinds = []) {
  return kinds.map((kind) => h('span', { class: `badge badge-kind kind-${kind}` }, KIND_LABELS[kind] ?? kind));
}

function statusBadge(status) {
  return status && status !== 'recorded' ? h('span', { class: 'badge badge-status' }, status) : null;
}

function figureList(numbers = []) {
  if (numbers.length === 0) return null;
  return h('ul', { class: 'figures', 'aria-label': 'Figures that changed' }, numbers.map((n) => h('li', {}, h('strong', {}, `${n.before ?? '∅'} → ${n.after ?? '∅'}`), ' — ', n.context)));
}

/** Replaces the page content, sets the title, announces and focuses the new view. */
function render(title, ...content) {
  document.title = `${title} · Redline`;
  main.replaceChildren(...content.flat().filter(Boolean));
  statusRegion.textContent = `${title} loaded`;
}

function showError(error) {
  const message = error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`;
  render('Error', h('h1', {}, error instanceof ApiError && error.status === 404 ? 'Not found' : 'Error'), h('p', { class: 'error', role: 'alert' }, message), h('p', {}, h('a', { href: '#/' }, 'Back to stories')));
}

function setCurrentNav(section) {
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function pager(cursor, load) {
  if (!cursor) return null;
  return h('div', { class: 'pager' }, h('button', { type: 'button', class: 'secondary', onclick: () => load(cursor) }, 'Load more'));
}

// ---------------------------------------------------------------------------------------------
// Views

async function storiesView() {
  setCurrentNav('stories');
  const tbody = h('tbody');
  const pagerSlot = h('div');
  const load = async (cursor) => {
    const page = await api('/stories', { limit: 50, cursor });
    for (const story of page.items) {
      tbody.append(
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, h('a', { href: storyHref(story.storyId) }, story.headline || story.storyId), h('div', { class: 'mono' }, story.storyId)),
          h('td', { class: 'num' }, `v${story.latestVersion}`),
          h('td', {}, timeElement(story.lastChangedAt)),
          h('td', {}, statusBadge(story.latestStatus), story.stealthCount > 0 ? [stealthBadge(), ` ×${story.stealthCount}`] : null),
        ),
      );
    }
    pagerSlot.replaceChildren(pager(page.cursor, load) ?? '');
    if (tbody.children.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No stories recorded yet. Upload one with `redline upload`.')));
  };
  await load();
  render(
    'Stories',
    h('h1', {}, 'Stories'),
    h('p', { class: 'lede' }, 'Most recently changed first. A stealth edit is a substantive change made without an update or correction note.'),
    h(
      'table',
      { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Stories by last change'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Story'), h('th', { scope: 'col', class: 'num' }, 'Latest'), h('th', { scope: 'col' }, 'Last change'), h('th', { scope: 'col' }, 'Flags'))),
      tbody,
    ),
    pagerSlot,
  );
}

async function loadAllVersions(storyId) {
  const versions = [];
  let cursor;
  do {
    const page = await api(`/stories/${enc(storyId)}/versions`, { order: 'newest', limit: 200, cursor });
    versions.push(...page.items);
    cursor = page.cursor;
  } while (cursor && versions.length < 2000);
  return versions;
}

function versionLabel(record) {
  return `v${record.version} · ${formatTime(record.eventTime)}${record.editor ? ` · ${record.editor}` : ''}`;
}

function comparePicker(storyId, versions, from, to, view) {
  const options = (selected) => versions.map((r) => h('option', { value: r.version, selected: r.version === selected }, versionLabel(r)));
  const fromSelect = h('select', { id: 'compare-from', name: 'from' }, options(from));
  const toSelect = h('select', { id: 'compare-to', name: 'to' }, options(to));
  const radio = (value, label) =>
    h('label', {}, h('input', { type: 'radio', name: 'view', value, checked: view === value }), ` ${label}`);
  return h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Compare two versions',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        location.hash = compareHref(storyId, data.get('from'), data.get('to'), data.get('view'));
      },
    },
    h('div', {}, h('label', { for: 'compare-from' }, 'From version'), fromSelect),
    h('div', {}, h('label', { for: 'compare-to' }, 'To version'), toSelect),
    h('fieldset', {}, h('legend', {}, 'View'), h('div', { class: 'radio-row' }, radio('inline', 'Inline'), radio('side-by-side', 'Side by side'))),
    h('div', {}, h('button', { type: 'submit' }, 'Show redline')),
  );
}

async function verificationBadge(storyId) {
  const slot = h('span', {}, h('span', { class: 'badge badge-status' }, 'verifying…'));
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

async function timelineView(storyId, query) {
  setCurrentNav('stories');
  const [summary, versions] = await Promise.all([api(`/stories/${enc(storyId)}`), loadAllVersions(storyId)]);
  const kindFilter = (query.get('kind') ?? '').split(',').filter(Boolean);
  const shown = kindFilter.length ? versions.filter((r) => kindFilter.some((k) => r.change?.kinds?.includes(k))) : versions;
  const rows = shown.map((record) => {
    const previous = record.comparedWith?.version;
    return h(
      'tr',
      { class: record.change?.stealth ? 'stealth' : undefined },
      h('th', { scope: 'row', class: 'num' }, h('a', { href: versionHref(storyId, record.version), 'aria-label': `Version ${record.version}` }, `v${record.version}`)),
      h('td', {}, timeElement(record.eventTime)),
      h('td', {}, record.editor ?? h('span', { class: 'empty' }, 'unknown')),
      h('td', {}, statusBadge(record.status), record.change?.stealth ? stealthBadge() : null, kindBadges(record.change?.kinds), record.rejection ? record.rejection.reason : null),
      h('td', { class: 'hide-narrow' }, record.note ?? h('span', { class: 'empty' }, 'no note')),
      h(
        'td',
        {},
        previous !== undefined
          ? h('a', { href: compareHref(storyId, previous, record.version), 'aria-label': `Redline of version ${record.version} against version ${previous}` }, `redline v${previous}→v${record.version}`)
          : '',
      ),
    );
  });
  const usedKinds = KINDS.filter((kind) => versions.some((r) => r.change?.kinds?.includes(kind)));
  const newest = versions[0]?.version ?? 1;
  const kindForm = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Filter versions by kind of change',
      onsubmit: (event) => {
        event.preventDefault();
        const kind = new FormData(event.currentTarget).get('kind');
        location.hash = storyHref(storyId, kind ? `?kind=${enc(kind)}` : '');
      },
    },
    h('div', {}, h('label', { for: 'kind-filter' }, 'Kind of change'), h('select', { id: 'kind-filter', name: 'kind' }, h('option', { value: '' }, 'All kinds'), usedKinds.map((kind) => h('option', { value: kind, selected: kindFilter.includes(kind) }, KIND_LABELS[kind] ?? kind)))),
    h('div', {}, h('button', { type: 'submit' }, 'Filter')),
  );
  render(
    summary.headline ?? storyId,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('span', { class: 'mono' }, storyId)),
    h('h1', {}, summary.headline ?? storyId),
    h('p', {}, `${summary.latestVersion} versions, last change `, timeElement(summary.lastChangedAt), '. ', await verificationBadge(storyId), ' ', h('a', { href: `/stories/${enc(storyId)}/feed.atom` }, 'Atom feed')),
    h('h2', { id: 'compare-heading' }, 'Compare any two versions'),
    comparePicker(storyId, versions, Math.max(1, newest - 1), newest, 'inline'),
    h('h2', { id: 'timeline-heading' }, 'Timeline'),
    kindForm,
    h(
      'table',
      { class: 'data', 'aria-labelledby': 'timeline-heading' },
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Editor'), h('th', { scope: 'col' }, 'What changed'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Note'), h('th', { scope: 'col' }, 'Redline')),
      ),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No version has this kind of change.'))),
    ),
  );
}

async function compareView(storyId, from, to, query) {
  setCurrentNav('stories');
  const view = query.get('view') === 'side-by-side' ? 'side-by-side' : 'inline';
  const [comparison, versions] = await Promise.all([api(`/stories/${enc(storyId)}/compare`, { from, to, layout: view }), loadAllVersions(storyId)]);
  const toStealth = comparison.to.stealth && comparison.to.version - comparison.from.version === 1;
  const change = comparison.change;
  const redline = h('div', { class: 'redline-host', id: 'redline' });
  redline.innerHTML = comparison.html; // the engine's fragment: every text escaped
  render(
    `Redline v${from} → v${to}`,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('a', { href: storyHref(storyId) }, storyId), ' / ', `v${from} → v${to}`),
    h('h1', {}, `Redline: version ${from} → version ${to}`),
    comparePicker(storyId, versions, Number(from), Number(to), view),
    h(
      'section',
      { class: `summary-box${comparison.to.stealth ? ' stealth' : ''}`, 'aria-label': 'Summary of the change' },
      h('p', {}, comparison.to.stealth ? stealthBadge() : null, kindBadges(change.kinds)),
      h(
        'p',
        {},
        `v${to}: `,
        timeElement(comparison.to.eventTime),
        comparison.to.editor ? ` by ${comparison.to.editor}` : '',
        ' — note: ',
        comparison.to.note ? h('q', {}, comparison.to.note) : h('strong', {}, 'none'),
      ),
      comparison.to.stealth && !toStealth ? h('p', {}, `Version ${to} was flagged as a stealth edit against the version before it.`) : null,
      change.numbers?.length ? h('p', {}, h('strong', {}, 'Figures that changed:')) : null,
      figureList(change.numbers),
      h('p', {}, `${plural(change.words.added, 'word')} added, ${change.words.removed} removed; ${plural(change.sentences.edited, 'sentence')} edited, ${change.sentences.moved} moved.`),
    ),
    h(
      'ul',
      { class: 'legend', 'aria-label': 'Legend' },
      h('li', {}, h('del', { class: 'rl-del' }, 'deleted')),
      h('li', {}, h('ins', { class: 'rl-ins' }, 'inserted')),
      h('li', {}, h('span', { class: 'rl-figure' }, '12'), ' figure'),
      h('li', {}, h('span', { class: 'rl-quote' }, 'changed quote')),
      h('li', {}, h('span', { class: 'rl-moved' }, 'moved')),
    ),
    h('h2', {}, view === 'side-by-side' ? 'Side by side' : 'Inline redline'),
    redline,
    h('p', {}, 'Also as ', h('a', { href: `/stories/${enc(storyId)}/compare?from=${from}&to=${to}&format=unified` }, 'unified diff'), ' · ', h('a', { href: `/stories/${enc(storyId)}/compare?from=${from}&to=${to}` }, 'JSON')),
  );
}

async function versionView(storyId, version) {
  setCurrentNav('stories');
  const { record, document: story } = await api(`/stories/${enc(storyId)}/versions/${version}`);
  const facts = [
    ['Status', record.status + (record.revertOf ? ` (same text as v${record.revertOf})` : '')],
    ['Event time', formatTime(record.eventTime)],
    ['Recorded', formatTime(record.recordedAt)],
    ['Editor', record.editor ?? 'unknown'],
    ['Note', record.note ?? 'none'],
    ['S3 object', `s3://${record.source.bucket}/${record.source.key}${record.source.versionId ? ` (version ${record.source.versionId})` : ''}`],
    ['Canonical SHA-256', record.sha256 ?? '—'],
    ['Chain hash', record.chainHash],
  ];
  render(
    `${storyId} v${version}`,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('a', { href: storyHref(storyId) }, storyId), ' / ', `v${version}`),
    h('h1', {}, `Version ${version}`, record.change?.stealth ? [' ', stealthBadge()] : null),
    h('p', {}, kindBadges(record.change?.kinds), record.comparedWith ? h('a', { href: compareHref(storyId, record.comparedWith.version, record.version) }, `Redline against v${record.comparedWith.version}`) : null),
    h('dl', { class: 'facts' }, facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', { class: term.includes('hash') || term.includes('SHA') ? 'mono' : undefined }, value)])),
    record.rejection ? h('p', { class: 'error' }, `Rejected (${record.rejection.code}): ${record.rejection.reason}`) : null,
    story
      ? h(
          'article',
          { class: 'story-text', 'aria-label': 'Story text of this version' },
          h('h2', {}, story.headline),
          story.byline ? h('p', {}, h('em', {}, story.byline)) : null,
          story.dek ? h('p', {}, h('em', {}, story.dek)) : null,
          story.body.map((paragraph) => h('p', {}, paragraph)),
        )
      : h('p', { class: 'empty' }, 'This version has no text of its own.'),
  );
}

function changesTable(records, caption) {
  const rows = records.map((record) =>
    h(
      'tr',
      {},
      h('td', {}, timeElement(record.eventTime)),
      h('th', { scope: 'row' }, h('a', { href: storyHref(record.storyId) }, record.headline ?? record.storyId), h('div', { class: 'mono' }, record.storyId)),
      h(
        'td',
        { class: 'num' },
        record.comparedWith ? h('a', { href: compareHref(record.storyId, record.comparedWith.version, record.version), 'aria-label': `Redline of ${record.storyId} version ${record.version}` }, `v${record.version}`) : h('a', { href: versionHref(record.storyId, record.version) }, `v${record.version}`),
      ),
      h('td', {}, record.editor ?? ''),
      h('td', {}, statusBadge(record.status), record.change?.stealth ? stealthBadge() : null, kindBadges(record.change?.kinds), figureList(record.change?.numbers?.slice(0, 3))),
      h('td', { class: 'hide-narrow' }, record.note ?? h('span', { class: 'empty' }, 'no note')),
    ),
  );
  return h(
    'table',
    { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Story'), h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Editor'), h('th', { scope: 'col' }, 'What changed'), h('th', { scope: 'col', class: 'hide-narrow' }, 'Note'))),
    h('tbody', {}, rows),
  );
}

async function pagedChanges(path, params, caption) {
  const holder = h('div');
  const records = [];
  const load = async (cursor) => {
    let page = await api(path, { ...params, cursor });
    records.push(...page.items);
    // A filtered page can be short; read on until something shows or the window ends.
    while (page.items.length === 0 && page.cursor && records.length === 0) {
      page = await api(path, { ...params, cursor: page.cursor });
      records.push(...page.items);
    }
    holder.replaceChildren(
      records.length ? changesTable(records, caption(page.window)) : h('p', { class: 'empty' }, `Nothing in ${describeWindow(page.window)}.`),
      pager(page.cursor, load) ?? '',
    );
  };
  await load();
  return holder;
}

function describeWindow(window) {
  return window ? `${formatTime(window.since)} – ${formatTime(window.until)}` : 'this window';
}

const WINDOWS = [
  ['24h', 'Last 24 hours'],
  ['7d', 'Last 7 days'],
  ['30d', 'Last 30 days'],
  ['365d', 'Last year'],
];

function windowSelect(selected) {
  return h('div', {}, h('label', { for: 'since' }, 'Window'), h('select', { id: 'since', name: 'since' }, WINDOWS.map(([value, label]) => h('option', { value, selected: value === selected }, label))));
}

async function changesView(query) {
  setCurrentNav('changes');
  const since = query.get('since') || '7d';
  const kind = query.get('kind') ?? '';
  const stealth = query.get('stealth') ?? '';
  const editor = query.get('editor') ?? '';
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Filter changes',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new URLSearchParams([...new FormData(event.currentTarget)].filter(([, v]) => v !== ''));
        location.hash = `#/changes?${data}`;
      },
    },
    windowSelect(since),
    h('div', {}, h('label', { for: 'kind' }, 'Kind of change'), h('select', { id: 'kind', name: 'kind' }, h('option', { value: '' }, 'All kinds'), KINDS.map((k) => h('option', { value: k, selected: k === kind }, KIND_LABELS[k] ?? k)))),
    h(
      'div',
      {},
      h('label', { for: 'stealth' }, 'Stealth'),
      h('select', { id: 'stealth', name: 'stealth' }, h('option', { value: '' }, 'Any'), h('option', { value: 'true', selected: stealth === 'true' }, 'Stealth edits only'), h('option', { value: 'false', selected: stealth === 'false' }, 'Noted changes only')),
    ),
    h('div', {}, h('label', { for: 'editor' }, 'Editor'), h('input', { type: 'text', id: 'editor', name: 'editor', value: editor, autocomplete: 'off' })),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );
  const params = { since, kind, stealth, editor, limit: 100 };
  const feed = `/feeds/changes.atom?${new URLSearchParams(Object.entries({ kind, stealth, editor }).filter(([, v]) => v))}`;
  render('Changes', h('h1', {}, 'Changes across stories'), h('p', { class: 'lede' }, 'Every recorded revision in the window, newest first. ', h('a', { href: feed }, 'Atom feed of this view')), form, await pagedChanges('/changes', params, (w) => `Changes, ${describeWindow(w)}`));
}

async function stealthView(query) {
  setCurrentNav('stealth');
  const since = query.get('since') || '30d';
  const form = h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Choose the window',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = `#/stealth?since=${enc(new FormData(event.currentTarget).get('since'))}`;
      },
    },
    windowSelect(since),
    h('div', {}, h('button', { type: 'submit' }, 'Show')),
  );
  render(
    'Stealth edits',
    h('h1', {}, 'Stealth edits'),
    h('p', { class: 'lede' }, 'Substantive changes — figures, quotes, facts — published without an update or correction note. ', h('a', { href: '/feeds/changes.atom?stealth=true' }, 'Atom feed')),
    form,
    await pagedChanges('/stealth', { since, limit: 100 }, (w) => `Stealth edits, ${describeWindow(w)}`),
  );
}

// ---------------------------------------------------------------------------------------------
// Router

async function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const queryAt = hash.indexOf('?');
  const path = queryAt < 0 ? hash : hash.slice(0, queryAt);
  const query = new URLSearchParams(queryAt < 0 ? '' : hash.slice(queryAt + 1));
  const segments = path.split('/').filter(Boolean);
  try {
    if (segments.length === 0) await storiesView();
    else if (segments[0] === 'changes') await changesView(query);
    else if (segments[0] === 'stealth') await stealthView(query);
    else if (segments[0] === 'stories' && segments.length >= 2) {
      const storyId = decodeURIComponent(segments[1]);
      if (segments.length === 2) await timelineView(storyId, query);
      else if (segments[2] === 'versions' && segments.length === 4) await versionView(storyId, segments[3]);
      else if (segments[2] === 'compare' && segments.length === 5) await compareView(storyId, segments[3], segments[4], query);
      else throw new ApiError(404, `No page at ${hash}.`);
    } else throw new ApiError(404, `No page at ${hash}.`);
  } catch (error) {
    showError(error);
  }
  main.focus({ preventScroll: false });
}

window.addEventListener('hashchange', route);
route();
