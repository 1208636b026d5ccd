import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { extractFigures, detectLanguage } from '../../lambdas/core/engine/figures.ts';
const root = '/work/eval-corpus';
const seen = new Set<string>();
for (const src of readdirSync(root).filter((d) => !d.startsWith('_'))) {
  for (const dir of readdirSync(`${root}/${src}`)) {
    for (const side of ['before.json', 'after.json', 'before.txt', 'after.txt', 'before.html', 'after.html', 'before.md', 'after.md']) {
      const p = `${root}/${src}/${dir}/${side}`;
      if (!existsSync(p)) continue;
      const raw = readFileSync(p, 'utf8');
      let text = raw;
      try { const j = JSON.parse(raw); text = Object.values(j).filter((x) => typeof x === 'string' && !/^https?:/.test(x as string) && !/^\d{4}-\d\d-\d\dT/.test(x as string)).join('\n'); } catch {}
      text = text.replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&');
      const lang = detectLanguage(text);
      for (const f of extractFigures(text, lang)) {
        const ctx = text.slice(Math.max(0, f.start - 40), f.end + 25).replace(/\s+/g, ' ');
        const key = `${src} ${lang} [${f.text}]=${f.value}${f.unit ? ' ' + f.unit : ''} … ${ctx}`;
        if (!seen.has(key)) { seen.add(key); console.log(key); }
      }
    }
  }
}
