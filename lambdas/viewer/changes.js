// Changes across stories (filtered by window, kind, stealth, editor) and the stealth-edit report.
import { api, cell, compareHref, enc, figureList, formatTime, h, page, pager, setCurrentNav, spoken, stealthBadge, statusBadge, storyHref, timeElement, versionHref } from './dom.js';
import { kindBadges, kindLabel, kindsFor } from './vocabulary.js';

function changesTable(records, caption) {
  const rows = records.map((record) =>
    h(
      'tr',
      {},
      cell('td', 'Time', {}, timeElement(record.eventTime)),
      cell('th', 'Story', { scope: 'row' }, h('a', { href: storyHref(record.storyId) }, record.headline ?? record.storyId), h('div', { class: 'mono' }, record.storyId)),
      cell(
        'td',
        'Version',
        { class: 'num' },
        record.comparedWith
          ? h('a', { href: compareHref(record.storyId, record.comparedWith.version, record.version) }, spoken(`v${record.version}`, `Redline of ${record.storyId} version ${record.version}`))
          : h('a', { href: versionHref(record.storyId, record.version) }, spoken(`v${record.version}`, `${record.storyId} version ${record.version}`)),
      ),
      cell('td', 'Editor', {}, record.editor ?? ''),
      cell('td', 'What changed', {}, statusBadge(record.status), record.change?.stealth ? stealthBadge() : null, kindBadges(record.change?.kinds), figureList(record.change?.numbers?.slice(0, 3))),
      cell('td', 'Note', {}, record.note ?? h('span', { class: 'empty' }, 'no note')),
    ),
  );
  return h(
    'table',
    { class: 'data stack-narrow' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Story'), h('th', { scope: 'col', class: 'num' }, 'Version'), h('th', { scope: 'col' }, 'Editor'), h('th', { scope: 'col' }, 'What changed'), h('th', { scope: 'col' }, 'Note'))),
    h('tbody', {}, rows),
  );
}

/**
 * What the first page's index check found (the API reads the story records too, since index keys
 * are outside the hash chain): versions of the window missing from the index this list reads,
 * shown apart with the warning, and a window too wide to check whole.
 */
function indexCheckNotice(check) {
  if (!check || (check.missing.length === 0 && check.complete)) return null;
  const parts = [];
  if (check.missing.length > 0) {
    const count = check.missing.length;
    parts.push(
      h(
        'p',
        {},
        h('strong', {}, `Index keys missing for ${count} version${count === 1 ? '' : 's'} in this window.`),
        ' The list below this warning reads the index and does not show them; they were read from the story records instead. Someone may have altered the ledger table: run ',
        h('code', {}, 'redline verify'),
        '.',
      ),
      changesTable(check.missing, `Versions missing from the index (${count})`),
    );
  }
  if (!check.complete) {
    parts.push(h('p', {}, `More than ${check.storiesChecked} stories changed in this window: only the ${check.storiesChecked} most recently changed were checked for missing index keys.`));
  }
  return h('section', { class: 'index-check', role: 'alert', 'aria-label': 'Index check' }, parts);
}

async function pagedChanges(path, params, caption) {
  const holder = h('div');
  const records = [];
  let check;
  const load = async (cursor) => {
    let answer = await api(path, { ...params, cursor });
    check ??= answer.indexCheck;
    records.push(...answer.items);
    // A filtered page can be short; read on until something shows or the window ends.
    while (answer.items.length === 0 && answer.cursor && records.length === 0) {
      answer = await api(path, { ...params, cursor: answer.cursor });
      records.push(...answer.items);
    }
    holder.replaceChildren(
      indexCheckNotice(check) ?? '',
      records.length ? changesTable(records, caption(answer.window)) : h('p', { class: 'empty' }, `Nothing in ${describeWindow(answer.window)}.`),
      pager(answer.cursor, load) ?? '',
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
  return h('div', { class: 'field' }, h('label', { for: 'since' }, 'Window'), h('select', { id: 'since', name: 'since' }, WINDOWS.map(([value, label]) => h('option', { value, selected: value === selected }, label))));
}

export async function changesView(query) {
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
    h('div', { class: 'field' }, h('label', { for: 'kind' }, 'Kind of change'), h('select', { id: 'kind', name: 'kind' }, h('option', { value: '' }, 'All kinds'), kindsFor(kind ? [kind] : []).map((k) => h('option', { value: k, selected: k === kind }, kindLabel(k))))),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'stealth' }, 'Stealth'),
      h('select', { id: 'stealth', name: 'stealth' }, h('option', { value: '' }, 'Any'), h('option', { value: 'true', selected: stealth === 'true' }, 'Stealth edits only'), h('option', { value: 'false', selected: stealth === 'false' }, 'Noted changes only')),
    ),
    h('div', { class: 'field' }, h('label', { for: 'editor' }, 'Editor'), h('input', { type: 'text', id: 'editor', name: 'editor', value: editor, autocomplete: 'off' })),
    h('div', {}, h('button', { type: 'submit' }, 'Apply')),
  );
  const params = { since, kind, stealth, editor, limit: 100 };
  const feed = `/feeds/changes.atom?${new URLSearchParams(Object.entries({ kind, stealth, editor }).filter(([, v]) => v))}`;
  const table = await pagedChanges('/changes', params, (w) => `Changes, ${describeWindow(w)}`);
  return page('Changes across stories', h('h1', {}, 'Changes across stories'), h('p', { class: 'lede' }, 'Every recorded revision in the window, newest first. ', h('a', { href: feed }, 'Atom feed of this view')), form, table);
}

export async function stealthView(query) {
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
  const table = await pagedChanges('/stealth', { since, limit: 100 }, (w) => `Stealth edits, ${describeWindow(w)}`);
  return page(
    'Stealth edits',
    h('h1', {}, 'Stealth edits'),
    h('p', { class: 'lede' }, 'Substantive changes — figures, quotes, facts — published without an update or correction note. ', h('a', { href: '/feeds/changes.atom?stealth=true' }, 'Atom feed')),
    form,
    table,
  );
}
