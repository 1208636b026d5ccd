// A story's timeline: every version, filterable by kind, with a picker to compare any two.
import { api, cell, compareHref, enc, h, loadAllVersions, page, setCurrentNav, spoken, stealthBadge, statusBadge, storyHref, timeElement, verificationBadge, versionHref, versionLabel } from './dom.js';
import { kindBadges, kindLabel, kindsFor } from './vocabulary.js';

export const VIEWS = [
  ['inline', 'Inline'],
  ['side-by-side', 'Side by side'],
  ['before-after', 'Whole text before / after'],
];

export function comparePicker(storyId, versions, from, to, view, only) {
  const options = (selected) => versions.map((r) => h('option', { value: r.version, selected: r.version === selected }, versionLabel(r)));
  const radio = (value, label) => h('label', {}, h('input', { type: 'radio', name: 'view', value, checked: view === value }), ` ${label}`);
  return h(
    'form',
    {
      class: 'controls',
      'aria-label': 'Compare two versions',
      onsubmit: (event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        location.hash = compareHref(storyId, data.get('from'), data.get('to'), { view: data.get('view'), only: data.get('only') ? 'changes' : '' });
      },
    },
    h('div', { class: 'field' }, h('label', { for: 'compare-from' }, 'From version'), h('select', { id: 'compare-from', name: 'from' }, options(from))),
    h('div', { class: 'field' }, h('label', { for: 'compare-to' }, 'To version'), h('select', { id: 'compare-to', name: 'to' }, options(to))),
    h('fieldset', {}, h('legend', {}, 'View'), h('div', { class: 'radio-row' }, VIEWS.map(([value, label]) => radio(value, label)))),
    h('div', { class: 'check' }, h('label', {}, h('input', { type: 'checkbox', name: 'only', value: 'changes', checked: only === 'changes' }), ' Changes only (collapse unchanged paragraphs)')),
    h('div', {}, h('button', { type: 'submit' }, 'Show redline')),
  );
}

export async function timelineView(storyId, query) {
  setCurrentNav('stories');
  const [summary, versions] = await Promise.all([api(`/stories/${enc(storyId)}`), loadAllVersions(storyId)]);
  const kindFilter = (query.get('kind') ?? '').split(',').filter(Boolean);
  const shown = kindFilter.length ? versions.filter((r) => kindFilter.some((k) => r.change?.kinds?.includes(k))) : versions;
  const rows = shown.map((record) => {
    const previous = record.comparedWith?.version;
    return h(
      'tr',
      { class: record.change?.stealth ? 'stealth' : undefined },
      cell('th', 'Version', { scope: 'row', class: 'num' }, h('a', { href: versionHref(storyId, record.version) }, spoken(`v${record.version}`, `Version ${record.version}`))),
      cell('td', 'Time', {}, timeElement(record.eventTime)),
      cell('td', 'Editor', {}, record.editor ?? h('span', { class: 'empty' }, 'unknown')),
      cell(
        'td',
        'What changed',
        {},
        statusBadge(record.status),
        record.restores !== undefined ? h('span', { class: 'restored-later' }, `Version ${record.restores}, restored from the archive later and recorded as version ${record.version}. `) : null,
        record.change?.stealth ? stealthBadge() : null,
        kindBadges(record.change?.kinds),
        record.rejection ? record.rejection.reason : null,
      ),
      cell('td', 'Note', {}, record.note ?? h('span', { class: 'empty' }, 'no note')),
      cell(
        'td',
        'Redline',
        {},
        previous !== undefined ? h('a', { href: compareHref(storyId, previous, record.version) }, spoken(`v${previous} → v${record.version}`, `Redline of version ${record.version} against version ${previous}`)) : '',
      ),
    );
  });
  const usedKinds = kindsFor(versions.flatMap((r) => r.change?.kinds ?? [])).filter((kind) => versions.some((r) => r.change?.kinds?.includes(kind)));
  // The newest upload in S3's order (the API lists a restored archived upload at its old place).
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
    h('div', { class: 'field' }, h('label', { for: 'kind-filter' }, 'Kind of change'), h('select', { id: 'kind-filter', name: 'kind' }, h('option', { value: '' }, 'All kinds'), usedKinds.map((kind) => h('option', { value: kind, selected: kindFilter.includes(kind) }, kindLabel(kind))))),
    h('div', {}, h('button', { type: 'submit' }, 'Filter')),
  );
  const title = summary.headline ?? storyId;
  return page(
    `${title}: timeline of ${summary.latestVersion} versions`,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('span', { class: 'mono' }, storyId)),
    h('h1', {}, title),
    h('p', {}, `${summary.latestVersion} versions, last change `, timeElement(summary.lastChangedAt), '. ', verificationBadge(storyId), ' ', h('a', { href: `/stories/${enc(storyId)}/feed.atom` }, 'Atom feed')),
    h('h2', { id: 'compare-heading' }, 'Compare any two versions'),
    comparePicker(storyId, versions, Math.max(1, newest - 1), newest, 'inline', ''),
    h('h2', { id: 'timeline-heading' }, 'Timeline'),
    kindForm,
    h(
      'table',
      { class: 'data stack-narrow', 'aria-labelledby': 'timeline-heading' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Editor'), h('th', { scope: 'col' }, 'What changed'), h('th', { scope: 'col' }, 'Note'), h('th', { scope: 'col' }, 'Redline'))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No version has this kind of change.'))),
    ),
  );
}
