// One version of a story: its record, its canonical text, and steps to its neighbours.
import { api, enc, formatTime, h, page, setCurrentNav, stealthBadge, storyHref, compareHref } from './dom.js';
import { kindBadges } from './vocabulary.js';
import { versionSteps } from './steps.js';

export async function versionView(storyId, version) {
  setCurrentNav('stories');
  const [{ record, document: story }, summary] = await Promise.all([api(`/stories/${enc(storyId)}/versions/${version}`), api(`/stories/${enc(storyId)}`)]);
  const n = Number(version);
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
  const title = summary.headline ?? storyId;
  return page(
    `${title}: version ${n} of ${summary.latestVersion}`,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '#/' }, 'Stories'), ' / ', h('a', { href: storyHref(storyId) }, storyId), ' / ', `v${version}`),
    h('h1', {}, `Version ${version}`, record.change?.stealth ? [' ', stealthBadge()] : null),
    versionSteps({
      label: 'Versions of this story',
      current: n,
      latest: summary.latestVersion,
      href: (v) => `#/stories/${enc(storyId)}/versions/${v}`,
      describe: (v) => `version ${v}`,
    }),
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
