// The redline between two versions: inline, side by side, or both whole texts; "changes only"
// collapses unchanged paragraphs; moved text is linked both ways; a plain-text Before/After list
// says the same without relying on strike-through and underline.
import { api, compareHref, enc, figureList, formatTime, h, loadAllVersions, page, plural, setCurrentNav, stealthBadge, storyHref, verificationBadge } from './dom.js';
import { kindBadges } from './vocabulary.js';
import { comparePicker, VIEWS } from './timeline.js';
import { versionSteps } from './steps.js';

/** The view a URL asks for; a rewrite (two versions sharing little) opens as whole texts. */
function chosenView(query, change) {
  const asked = query.get('view');
  if (VIEWS.some(([value]) => value === asked)) return asked;
  return change.kinds.includes('rewrite') ? 'before-after' : 'inline';
}

export async function compareView(storyId, from, to, query) {
  setCurrentNav('stories');
  const asked = query.get('view');
  const layout = asked === 'side-by-side' ? 'side-by-side' : 'inline';
  const [comparison, versions] = await Promise.all([api(`/stories/${enc(storyId)}/compare`, { from, to, layout }), loadAllVersions(storyId)]);
  const change = comparison.change;
  const view = chosenView(query, change);
  const only = query.get('only') === 'changes' ? 'changes' : '';
  const texts = view === 'before-after' ? await Promise.all([from, to].map((v) => api(`/stories/${enc(storyId)}/versions/${v}`))) : undefined;
  const latest = versions[0]?.version ?? Number(to);
  const oldest = versions.at(-1)?.version ?? 1;
  const headline = comparison.to.headline ?? comparison.from.headline ?? storyId;

  const fragment = h('div', { class: 'redline-source' });
  fragment.innerHTML = comparison.html; // the engine's fragment: every text escaped
  const redline = h('div', { class: 'redline-host', id: 'redline' }, ...fragment.childNodes);
  linkMovedText(redline);
  const collapsed = only === 'changes' && view !== 'before-after' ? collapseUnchanged(redline) : 0;
  const plain = plainTextChanges(redline);

  const stepsFirst = Math.min(oldest + 1, latest);
  return page(
    `${headline}: v${from} → v${to}`,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('a', { href: storyHref(storyId) }, storyId), ' / ', `v${from} → v${to}`),
    h('h1', {}, `Redline: version ${from} → version ${to}`),
    h('p', { class: 'story-name' }, headline),
    latest > oldest
      ? versionSteps({
          label: 'Step through the changes',
          current: Number(to),
          first: stepsFirst,
          latest,
          href: (v) => compareHref(storyId, v - 1, v, { view: asked ?? undefined, only }),
          describe: (v) => `redline of version ${v} against version ${v - 1}`,
        })
      : null,
    comparePicker(storyId, versions, Number(from), Number(to), view, only),
    h('div', { class: 'compare-layout' }, h('div', { class: 'compare-main' }, redlineSection(view, redline, texts, change, collapsed, storyId, from, to), plain), h('aside', { class: 'compare-side', 'aria-label': 'About this comparison' }, summaryBox(comparison, storyId), legend())),
  );
}

function side(version) {
  return `v${version.version}, ${formatTime(version.eventTime)}${version.editor ? `, ${version.editor}` : ''}`;
}

function summaryBox(comparison, storyId) {
  const { change, from, to } = comparison;
  const adjacent = to.version - from.version === 1;
  return h(
    'section',
    { class: `summary-box${to.stealth ? ' stealth' : ''}`, 'aria-label': 'Summary of the change' },
    h('p', {}, to.stealth ? stealthBadge() : null, kindBadges(change.kinds)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, 'Story'),
      h('dd', {}, h('span', { class: 'mono' }, storyId)),
      h('dt', {}, 'Before'),
      h('dd', {}, side(from), from.note ? [' — note: ', h('q', {}, from.note)] : ''),
      h('dt', {}, 'After'),
      h('dd', {}, side(to), ' — note: ', to.note ? h('q', {}, to.note) : h('strong', {}, 'none')),
      h('dt', {}, 'Ledger'),
      h('dd', {}, verificationBadge(storyId)),
    ),
    to.stealth && !adjacent ? h('p', {}, `Version ${to.version} was flagged as a stealth edit against the version before it.`) : null,
    change.numbers?.length ? h('p', {}, h('strong', {}, 'Figures that changed:')) : null,
    figureList(change.numbers),
    h('p', {}, `${plural(change.words.added, 'word')} added, ${change.words.removed} removed; ${plural(change.sentences.edited, 'sentence')} edited, ${change.sentences.moved} moved.`),
  );
}

function legend() {
  return h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    h('li', {}, h('del', { class: 'rl-del' }, 'deleted')),
    h('li', {}, h('ins', { class: 'rl-ins' }, 'inserted')),
    h('li', {}, h('span', { class: 'rl-figure' }, '12'), ' figure'),
    h('li', {}, h('span', { class: 'rl-quote' }, 'changed quote')),
    h('li', {}, h('span', { class: 'rl-moved' }, 'moved')),
  );
}

function redlineSection(view, redline, texts, change, collapsed, storyId, from, to) {
  const links = h('p', { class: 'no-print' }, 'Also as ', h('a', { href: `/stories/${enc(storyId)}/compare?from=${from}&to=${to}&format=unified` }, 'unified diff'), ' · ', h('a', { href: `/stories/${enc(storyId)}/compare?from=${from}&to=${to}` }, 'JSON'));
  const note = collapsed
    ? h('p', { class: 'collapse-note' }, `Changes only: ${plural(collapsed, 'unchanged paragraph')} collapsed. `, h('a', { href: compareHref(storyId, from, to, { view: view === 'inline' ? undefined : view }) }, 'Show the whole text'))
    : null;
  if (view === 'before-after') {
    const [before, after] = texts;
    return h(
      'section',
      { 'aria-labelledby': 'redline-heading' },
      h('h2', { id: 'redline-heading' }, 'Whole text before and after'),
      change.kinds.includes('rewrite') ? h('p', { class: 'lede' }, 'These versions share little text, so each is shown whole instead of as a redline.') : null,
      h('div', { class: 'before-after' }, storyText(`Before: version ${from}`, before.document), storyText(`After: version ${to}`, after.document)),
      links,
    );
  }
  return h('section', { 'aria-labelledby': 'redline-heading' }, h('h2', { id: 'redline-heading' }, view === 'side-by-side' ? 'Side by side' : 'Inline redline'), note, redline, links);
}

function storyText(label, story) {
  return h(
    'article',
    { class: 'story-text', 'aria-label': label },
    h('h3', { class: 'side-label' }, label),
    story
      ? [h('p', { class: 'headline' }, h('strong', {}, story.headline)), story.byline ? h('p', {}, h('em', {}, story.byline)) : null, story.dek ? h('p', {}, h('em', {}, story.dek)) : null, story.body.map((paragraph) => h('p', {}, paragraph))]
      : h('p', { class: 'empty' }, 'No text (deleted or rejected).'),
  );
}

// ---------------------------------------------------------------------------------------------
// Post-processing of the engine's fragment

const squash = (text) => text.replace(/\s+/g, ' ').trim();

/** Pairs each moved-from with its moved-to (same text, else document order) and links them both ways. */
function linkMovedText(host) {
  const sources = [...host.querySelectorAll('.rl-moved-from')];
  const targets = [...host.querySelectorAll('.rl-moved-to')];
  const pairs = [];
  for (const source of sources) {
    const index = targets.findIndex((target) => squash(target.textContent) === squash(source.textContent));
    const target = targets.splice(index >= 0 ? index : 0, 1)[0];
    if (target) pairs.push([source, target]);
  }
  pairs.forEach(([source, target], i) => {
    source.id = `moved-from-${i + 1}`;
    target.id = `moved-to-${i + 1}`;
    const below = Boolean(source.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
    source.after(jumpButton(target, `${below ? '↓' : '↑'} moved to`, `Go to where this text moved (moved text ${i + 1})`));
    target.after(jumpButton(source, `${below ? '↑' : '↓'} moved from`, `Go to where this text was before (moved text ${i + 1})`));
  });
}

function jumpButton(target, visible, name) {
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button moved-link',
      'data-jump': target.id,
      onclick: () => {
        target.closest('[hidden]')?.removeAttribute('hidden');
        target.tabIndex = -1;
        target.focus();
        target.scrollIntoView({ block: 'center' });
      },
    },
    h('span', { 'aria-hidden': 'true' }, visible),
    h('span', { class: 'visually-hidden' }, name),
  );
}

function blocksOf(host) {
  const table = host.querySelector('table.rl-side-by-side');
  if (table) return { blocks: [...table.tBodies[0].rows], table: true };
  const inline = host.querySelector('.rl-inline');
  return { blocks: inline ? [...inline.children] : [], table: false };
}

const isChanged = (block) => block.classList.contains('rl-changed') || block.querySelector('.rl-changed, del, ins') !== null;

/** Hides runs of unchanged paragraphs, keeping one paragraph of context around each change; returns how many were hidden. */
function collapseUnchanged(host) {
  const { blocks, table } = blocksOf(host);
  const changed = blocks.map(isChanged);
  const keep = blocks.map((_, i) => changed[i] || changed[i - 1] || changed[i + 1]);
  let hidden = 0;
  for (let i = 0; i < blocks.length; ) {
    if (keep[i]) {
      i++;
      continue;
    }
    const run = [];
    while (i < blocks.length && !keep[i]) run.push(blocks[i++]);
    for (const block of run) block.hidden = true;
    hidden += run.length;
    const button = h('button', { type: 'button', class: 'secondary expand', 'aria-expanded': 'false' }, `Show ${plural(run.length, 'unchanged paragraph')}`);
    const control = table ? h('tr', { class: 'collapsed' }, h('td', { colspan: 2 }, button)) : h('p', { class: 'collapsed' }, button);
    button.addEventListener('click', () => {
      for (const block of run) block.hidden = false;
      control.remove();
      run[0].tabIndex = -1;
      run[0].focus();
    });
    run[0].before(control);
  }
  return hidden;
}

function textWithout(block, selector) {
  const copy = block.cloneNode(true);
  for (const element of copy.querySelectorAll(`${selector}, button`)) element.remove();
  return squash(copy.textContent);
}

/** "Before: … After: …" for every changed paragraph, as plain text. */
function plainTextChanges(host) {
  const { blocks, table } = blocksOf(host);
  const items = blocks.filter(isChanged).map((block) => {
    const before = table ? textWithout(block.cells[0], 'ins') : textWithout(block, 'ins');
    const after = table ? textWithout(block.cells[1], 'del') : textWithout(block, 'del');
    return h('li', {}, h('p', {}, h('strong', {}, 'Before: '), before || h('em', {}, '(nothing)')), h('p', {}, h('strong', {}, 'After: '), after || h('em', {}, '(removed)')));
  });
  if (items.length === 0) return null;
  return h('details', { class: 'plain-changes' }, h('summary', {}, `The ${plural(items.length, 'changed paragraph')} as plain text (Before: … After: …)`), h('ol', {}, items));
}
