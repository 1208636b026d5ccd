// First / previous / next / latest steps through a story's versions, as links and as keys
// (f, p, n, l — app.js; they can be switched off, and never fire while typing in a field).
import { h, spoken } from './dom.js';

/**
 * @param {{ label: string, current: number, latest: number, first?: number, href: (v: number) => string, describe: (v: number) => string }} options
 */
export function versionSteps({ label, current, latest, first = 1, href, describe }) {
  const steps = [
    ['first', 'First', first, current > first],
    ['previous', 'Previous', current - 1, current - 1 >= first],
    ['next', 'Next', current + 1, current + 1 <= latest],
    ['latest', 'Latest', latest, current < latest],
  ];
  return h(
    'nav',
    { class: 'steps', 'aria-label': label },
    h(
      'ul',
      {},
      steps.map(([rel, text, target, enabled]) =>
        h(
          'li',
          {},
          enabled
            ? h('a', { href: href(target), 'data-step': rel, title: `${describe(target)} (key ${rel[0]})` }, spoken(text, `${text}: ${describe(target)}`), ' ', h('kbd', { 'aria-hidden': 'true' }, rel[0]))
            : h('span', { class: 'step-disabled', 'aria-disabled': 'true' }, text),
        ),
      ),
    ),
  );
}
