// The stories page: every story, most recently changed first.
import { api, cell, h, page, pager, setCurrentNav, spoken, stealthBadge, statusBadge, storyHref, timeElement } from './dom.js';

export async function storiesView() {
  setCurrentNav('stories');
  const tbody = h('tbody');
  const pagerSlot = h('div');
  const load = async (cursor) => {
    const answer = await api('/stories', { limit: 50, cursor });
    for (const story of answer.items) {
      tbody.append(
        h(
          'tr',
          {},
          cell('th', 'Story', { scope: 'row' }, h('a', { href: storyHref(story.storyId) }, story.headline || story.storyId), h('div', { class: 'mono' }, story.storyId)),
          cell('td', 'Latest', { class: 'num' }, spoken(`v${story.latestVersion}`, `version ${story.latestVersion}`)),
          cell('td', 'Last change', {}, timeElement(story.lastChangedAt)),
          cell('td', 'Flags', {}, statusBadge(story.latestStatus), story.stealthCount > 0 ? [stealthBadge(), ` ×${story.stealthCount}`] : null),
        ),
      );
    }
    pagerSlot.replaceChildren(pager(answer.cursor, load) ?? '');
    if (tbody.children.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 4, class: 'empty' }, 'No stories recorded yet. Upload one with `redline upload`.')));
  };
  await load();
  return page(
    'Stories',
    h('h1', {}, 'Stories'),
    h('p', { class: 'lede' }, 'Most recently changed first. A stealth edit is a substantive change made without an update or correction note.'),
    h(
      'table',
      { class: 'data stack-narrow' },
      h('caption', { class: 'visually-hidden' }, 'Stories by last change'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Story'), h('th', { scope: 'col', class: 'num' }, 'Latest'), h('th', { scope: 'col' }, 'Last change'), h('th', { scope: 'col' }, 'Flags'))),
      tbody,
    ),
    pagerSlot,
  );
}
