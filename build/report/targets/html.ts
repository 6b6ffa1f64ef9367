/**
 * The organisation report as one self-contained HTML page: the deck's sections (summary,
 * themes, free text, test, how it was made), inline CSS, charts as inline SVG, no script and
 * no request outside the page. Each chart is an `<svg role="img">` with a title and a
 * description, followed by its data as a real table; every segment of a bar carries its
 * percentage as text and the legend names every colour, so nothing depends on colour alone.
 * Printed, each section starts on a new page. Respondents are not listed (the workbook has
 * them); free text is capped per item like the deck.
 */
import type { Report } from '../model.ts';
import { barLabel, clip, DONT_KNOW_COLOUR, formatIndex, formatPercent, formatScore, LOOK, scaleCaption, shares, type StackedChart, textOn, themeCharts } from './common.ts';
import { reportLabels, type ReportLabels } from './labels.ts';

/** Free-text answers per item on the page; the workbook has them all. */
export const FREE_TEXT_PER_ITEM = 100;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
const e = escapeHtml;

export function reportPage(report: Report): Uint8Array {
  const l = reportLabels(report.lang);
  let chartNo = 0;
  const nextId = () => `chart-${++chartNo}`;
  const sections = [
    { id: 'summary', title: l.weakestThemes, body: summary(report, l) },
    { id: 'themes', title: l.themes, body: themes(report, l, nextId) },
    { id: 'free-text', title: l.freeText, body: freeText(report, l) },
    ...(report.test ? [{ id: 'test', title: l.test, body: test(report, l, nextId) }] : []),
    { id: 'notes', title: l.howMade, body: notes(report, l) },
  ];
  const html = `<!doctype html>
<html lang="${e(report.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(`${l.reportTitle} — ${report.course.title}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${e(l.reportTitle)}</h1>
<p class="course">${e(report.course.title)}</p>
<p>${e(`${l.edition}: ${report.edition.title}${report.edition.current ? '' : l.retiredEdition}`)} · ${e(`${l.respondents}: ${report.respondents.length}`)}${report.test ? ` · ${e(`${l.testAttempts}: ${report.test.attempts}`)}` : ''}</p>
</header>
<nav aria-labelledby="contents"><h2 id="contents">${e(l.contents)}</h2><ol>${sections.map((s) => `<li><a href="#${s.id}">${e(s.title)}</a></li>`).join('')}</ol></nav>
<main>
${sections.map((s) => `<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${e(s.title)}</h2>\n${s.body}</section>`).join('\n')}
</main>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}

const CSS = `
:root { --primary: #${LOOK.primary}; --accent: #${LOOK.accent}; --text: #${LOOK.text}; --muted: #${LOOK.muted}; --rule: #${LOOK.rule}; --tint: #${LOOK.tint}; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; font-family: Meiryo, "Hiragino Sans", "Noto Sans CJK JP", "Yu Gothic", Calibri, Arial, sans-serif; color: var(--text); line-height: 1.6; }
h1 { color: var(--primary); font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { color: var(--primary); border-bottom: 3px solid var(--accent); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { color: var(--primary); margin-top: 2rem; }
h4 { margin: 1.5rem 0 .5rem; }
.course { font-size: 1.2rem; margin: 0; }
.muted, caption { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: 1rem; padding: 0; list-style: none; }
.cards > li { background: var(--tint); border: 1px solid var(--rule); border-left: 6px solid var(--accent); padding: .75rem 1rem; }
.cards .score { font-size: 1.8rem; font-weight: bold; margin: .25rem 0; }
.cards h3 { margin: 0; }
svg { display: block; width: 100%; height: auto; margin: .75rem 0 .25rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 1.5rem; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .25rem 0; }
th, td { border: 1px solid var(--rule); padding: .25rem .5rem; vertical-align: top; }
thead th { background: var(--primary); color: #fff; text-align: left; }
td.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--tint); }
.answers li { white-space: pre-wrap; overflow-wrap: anywhere; margin: .2rem 0; }
.note { font-style: italic; }
a { color: var(--primary); }
@media print {
  @page { size: A4; margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  main > section { break-before: page; }
  svg, table, .cards > li { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
`;

function summary(report: Report, l: ReportLabels): string {
  const cards = report.themes
    .slice(0, 3)
    .map(
      (t, i) => `<li><h3>${i + 1}. ${e(t.title)}</h3><p class="score">${e(l.scoreOutOf(formatScore(t.score)))}</p>
<p class="muted">${e(`${l.n}: ${t.n}`)}${t.dontKnowShare !== null ? ` · ${e(`${l.dontKnowShare}: ${formatPercent(t.dontKnowShare)}`)}` : ''}</p>
<p><strong>${e(l.addressedIn)}</strong></p><ul>${t.lessons.map((x) => `<li>${e(x.title)}</li>`).join('')}</ul></li>`,
    )
    .join('\n');
  const rows = report.themes
    .map((t, i) => `<tr><td class="num">${i + 1}</td><th scope="row">${e(t.title)}</th><td class="num">${formatScore(t.score)}</td><td class="num">${t.n}</td><td class="num">${formatPercent(t.dontKnowShare)}</td><td>${t.lessons.map((x) => e(x.title)).join('<br>')}</td></tr>`)
    .join('\n');
  return `<ul class="cards">${cards}</ul>
<table><caption>${e(l.themes)}</caption><thead><tr>${[l.rank, l.theme, l.score, l.n, l.dontKnowShare, l.lessons].map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

function themes(report: Report, l: ReportLabels, nextId: () => string): string {
  return report.themes
    .map((t) => {
      const parts = themeCharts(report, t).map((tc) => {
        const grouped = tc.grouping !== null;
        const heading = tc.grouping ? `<h4>${e(tc.grouping.title)}</h4>` : '';
        const charts = tc.charts.map((c) => stackedChart(c, l, grouped, nextId(), `${l.distributionOf(t.title)}${tc.grouping ? ` — ${tc.grouping.title}` : ''}`)).join('\n');
        const suppressed = tc.suppressed.length ? `<p class="note">${e(l.suppressedGroups(tc.suppressed.join(', '), report.minGroupSize))}</p>` : '';
        return `${heading}${charts}${suppressed}`;
      });
      return `<h3>${e(t.title)}</h3>
<p>${e(`${l.score}: ${formatScore(t.score)} · ${l.n}: ${t.n} · ${l.good[t.good]}`)}</p>
${parts.join('\n')}`;
    })
    .join('\n');
}

const VIEW_W = 800;
const LABEL_W = 300;
const BAR_H = 22;
const ROW_H = 30;

/** A 100% stacked horizontal bar chart as SVG, then its table: counts and shares per answer. */
function stackedChart(chart: StackedChart, l: ReportLabels, grouped: boolean, id: string, title: string): string {
  const names = [...chart.options, ...(chart.dontKnow ? [l.dontKnow] : [])];
  const colours = [...chart.colours, ...(chart.dontKnow ? [DONT_KNOW_COLOUR] : [])];
  const plotX = LABEL_W + 10;
  const plotW = VIEW_W - plotX - 10;
  const bars = chart.bars.map((bar, r) => {
    const counts = [...bar.dist.counts, ...(chart.dontKnow ? [bar.dist.dontKnow ?? 0] : [])];
    const total = counts.reduce((a, b) => a + b, 0);
    const y = r * ROW_H;
    let x = plotX;
    const segments = counts.map((c, i) => {
      const w = total > 0 ? (c / total) * plotW : 0;
      const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="#${colours[i]}"/>${w >= 30 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 15}" text-anchor="middle" fill="#${textOn(colours[i]!)}">${Math.round((c / total) * 100)}%</text>` : ''}`;
      x += w;
      return seg;
    });
    return `<text x="${LABEL_W}" y="${y + 15}" text-anchor="end">${e(barLabel(bar, l, grouped, 46))}</text>${segments.join('')}`;
  });
  // Legend: swatches in rows, each name's width estimated (a wide character about two digits).
  let lx = plotX;
  let ly = chart.bars.length * ROW_H + 12;
  const legend = names.map((name, i) => {
    const w = 24 + [...name].reduce((n, ch) => n + (ch.charCodeAt(0) > 0x2e80 ? 13 : 7), 0) + 16;
    if (lx + w > VIEW_W && lx > plotX) {
      lx = plotX;
      ly += 22;
    }
    const item = `<rect x="${lx}" y="${ly}" width="14" height="14" fill="#${colours[i]}" stroke="#${LOOK.rule}"/><text x="${lx + 20}" y="${ly + 12}">${e(name)}</text>`;
    lx += w;
    return item;
  });
  const height = ly + 24;
  const caption = `${title}: ${scaleCaption(chart, l)}`;
  const svg = `<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${VIEW_W} ${height}" font-size="12" font-family="inherit" fill="#${LOOK.text}">
<title id="${id}-t">${e(caption)}</title><desc id="${id}-d">${e(l.chartDescription(new Set(chart.bars.map((b) => b.item.id)).size))}</desc>
${[0, 0.25, 0.5, 0.75, 1].map((f) => `<line x1="${plotX + f * plotW}" x2="${plotX + f * plotW}" y1="0" y2="${chart.bars.length * ROW_H - ROW_H + BAR_H}" stroke="#${LOOK.rule}" stroke-width="0.5"/>`).join('')}
${bars.join('\n')}
${legend.join('')}
</svg>`;
  const head = [grouped ? `${l.item} [${l.group}]` : l.item, ...names, l.n, l.score];
  const rows = chart.bars.map((bar) => {
    const s = shares(bar.dist, bar.item.multiple);
    const cells = [...bar.dist.counts.map((c, i) => `${c} (${formatPercent(s.points[i] ?? 0)})`), ...(chart.dontKnow ? [bar.dist.dontKnow === null ? '—' : `${bar.dist.dontKnow} (${formatPercent(s.dontKnow)})`] : [])];
    const label = grouped ? `${bar.item.text} [${bar.group ?? l.allRespondents}]` : bar.item.text;
    return `<tr><th scope="row">${e(label)}</th>${cells.map((c) => `<td class="num">${e(c)}</td>`).join('')}<td class="num">${bar.dist.n}</td><td class="num">${formatScore(bar.dist.score)}</td></tr>`;
  });
  return `${svg}
<table><caption>${e(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${rows.join('\n')}
</tbody></table>`;
}

function freeText(report: Report, l: ReportLabels): string {
  return report.freeText
    .map((f) => {
      const shown = f.answers.slice(0, FREE_TEXT_PER_ITEM);
      const more = f.answers.length - shown.length;
      const list = shown.length ? `<ul class="answers">${shown.map((a) => `<li>${e(a)}</li>`).join('\n')}</ul>` : `<p class="note">${e(l.noAnswers)}</p>`;
      return `<h3>${e(f.text)}</h3>
<p class="muted">${e(l.answerCount(f.answers.length))}</p>
${list}${more > 0 ? `\n<p class="note">${e(l.moreInWorkbook(more))}</p>` : ''}`;
    })
    .join('\n');
}

function test(report: Report, l: ReportLabels, nextId: () => string): string {
  const t = report.test!;
  const id = nextId();
  const plotX = LABEL_W + 10;
  const plotW = VIEW_W - plotX - 60;
  // A lesson none of whose questions was drawn has no bar: 0% would say nobody answered correctly.
  const drawn = t.lessons.filter((x) => x.n > 0);
  const undrawn = t.lessons.filter((x) => x.n === 0);
  const bars = drawn.map((x, r) => {
    const y = r * ROW_H;
    const w = (x.facility ?? 0) * plotW;
    return `<text x="${LABEL_W}" y="${y + 15}" text-anchor="end">${e(clip(x.title, 46))}</text><rect x="${plotX}" y="${y}" width="${w.toFixed(1)}" height="${BAR_H}" fill="#${LOOK.primary}"/><text x="${(plotX + w + 6).toFixed(1)}" y="${y + 15}" font-weight="bold">${formatPercent(x.facility)}</text>`;
  });
  const height = drawn.length * ROW_H + 4;
  const svg = `<svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${VIEW_W} ${height}" font-size="12" font-family="inherit" fill="#${LOOK.text}">
<title id="${id}-t">${e(l.shareCorrectByLesson)}</title><desc id="${id}-d">${e(drawn.map((x) => `${x.title}: ${formatPercent(x.facility)}`).join('; '))}${undrawn.length ? e(`. ${l.notDrawn(undrawn.map((x) => x.title).join(', '))}`) : ''}</desc>
${bars.join('\n')}
</svg>`;
  const lessonTable = `<table><caption>${e(l.shareCorrectByLesson)}</caption><thead><tr>${[l.lesson, l.n, l.shareCorrect].map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${t.lessons.map((x) => `<tr><th scope="row">${e(x.title)}</th><td class="num">${x.n}</td><td class="num">${formatPercent(x.facility)}</td></tr>`).join('\n')}
</tbody></table>`;
  const questions = `<table><caption>${e(l.questionsTable)}</caption><thead><tr>${[l.question, l.lesson, l.n, l.facility, l.discrimination].map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${t.lessons.flatMap((x) => x.questions.map((q) => `<tr><th scope="row">${e(q.text)}</th><td>${e(x.title)}</td><td class="num">${q.n}</td><td class="num">${formatPercent(q.facility)}</td><td class="num">${formatIndex(q.discrimination)}</td></tr>`)).join('\n')}
</tbody></table>`;
  return `<p>${e(`${l.testAttempts}: ${t.attempts} · ${l.passed}: ${t.passed}`)}</p>
${svg}
${lessonTable}
${questions}`;
}

function notes(report: Report, l: ReportLabels): string {
  return `<h3>${e(l.inputs)}</h3>
<table><caption>${e(l.inputs)}</caption><thead><tr>${[l.file, l.format, l.submissions].map((h) => `<th scope="col">${e(h)}</th>`).join('')}</tr></thead><tbody>
${report.inputs.map((i) => `<tr><th scope="row">${e(i.file)}</th><td>${e(l.formats[i.format])}</td><td class="num">${i.submissions}</td></tr>`).join('\n')}
</tbody></table>
<ul>
<li>${e(`${l.edition}: ${report.edition.title}${report.edition.current ? '' : l.retiredEdition}`)}</li>
<li>${e(report.attempts === 'latest' ? l.attemptsLatest : l.attemptsAll)}</li>
<li>${e(l.minGroupSize(report.minGroupSize))}</li>
</ul>
${report.notes.length ? `<h3>${e(l.notes)}</h3>\n<ul>${report.notes.map((n) => `<li>${e(n.text)}</li>`).join('\n')}</ul>` : ''}
<h3>${e(l.readingGuideTitle)}</h3>
<ul>${l.readingGuide.map((p) => `<li>${e(p)}</li>`).join('\n')}</ul>`;
}
