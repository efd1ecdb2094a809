import { BIDI_CONTROLS } from '../domain/text.js';
import type { Asks } from '../scorecard/asks.js';
import type { BoardSummary } from '../scorecard/board.js';
import type { Close } from '../scorecard/close.js';
import type { Narrative } from '../scorecard/narrative.js';
import type { AreaDrillDown, PlatformDetail, Review, SectionId } from '../scorecard/review.js';
import type { EvidenceRef, Statement } from '../scorecard/statement.js';
import type { Cell, ProductLineRow, Scorecard } from '../scorecard/types.js';
import { kpiTrendChart, riskVsCountChart, scorecardHeatmap, TONE_COLOUR } from './charts.js';
import {
  ASKS_TITLE,
  AUDIENCE_LABEL,
  formatTarget,
  formatValue,
  LINE_HEADERS,
  NARRATIVE_TITLE,
  unmeasuredNote,
  SCORECARD_HEADERS,
  SECTION_TITLE,
  STATUS_LABEL,
  toneOf,
  TREND_LABEL,
  type Tone,
} from './format.js';
import type { Renderer } from './types.js';

/** Escapes untrusted text for HTML text and attribute values; control characters and bidirectional formatting characters (BIDI_CONTROLS) are dropped. */
export function esc(raw: string): string {
  return raw
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Scripts, requests and frames are forbidden by the page itself: the report reads with no
 * script and loads nothing (charts are inline SVG, styles inline).
 */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { --fg:#111827; --muted:#4b5563; --line:#d1d5db; --bg:#ffffff; --accent:#1d4ed8; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 24px 32px 12px; border-bottom: 3px solid var(--accent); }
header h1 { margin: 0 0 4px; font-size: 24px; }
.meta { color: var(--muted); margin: 0; }
nav { padding: 8px 32px; border-bottom: 1px solid var(--line); font-size: 13px; }
nav a { margin-right: 14px; color: var(--accent); text-decoration: none; }
main { padding: 8px 32px 32px; max-width: 1180px; }
section { margin-top: 28px; }
h2 { font-size: 19px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.tone { font-weight: 600; white-space: nowrap; }
${(Object.keys(TONE_COLOUR) as Tone[]).map((t) => `.tone-${t} { background: ${TONE_COLOUR[t].fill}; color: ${TONE_COLOUR[t].text}; }`).join('\n')}
.tone-none { font-style: italic; }
.tone a, sup a { color: inherit; }
td a { text-decoration: none; border-bottom: 1px dotted currentColor; }
sup a { text-decoration: none; color: var(--accent); font-size: 11px; }
ul, ol { padding-left: 22px; } li { margin: 4px 0; }
.cost { color: var(--muted); font-size: 12px; }
.owner { font-weight: 600; }
.asks { display: grid; grid-template-columns: 1fr 1fr; gap: 20px; }
.asks > div { border: 1px solid var(--line); border-radius: 6px; padding: 4px 14px; }
.asks .mandatory { border-top: 4px solid #b91c1c; } .asks .recommended { border-top: 4px solid #b45309; }
blockquote.close { margin: 8px 0; padding: 12px 18px; border-left: 4px solid var(--accent); background: #f8fafc; font-size: 15px; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { width: fit-content; max-width: 100%; margin: 8px 0; border: 1px solid var(--line); border-radius: 6px; padding: 4px; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: var(--muted); padding: 2px 6px; }
dl.evidence dt { font-weight: 600; margin-top: 10px; } dl.evidence dd { margin: 2px 0 0 16px; color: var(--muted); }
dl.evidence :target { background: #fef9c3; }
footer { padding: 16px 32px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); }
@page { margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  nav { display: none; }
  header, main, footer { padding-left: 0; padding-right: 0; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  table, figure, blockquote, .asks > div { break-inside: avoid; }
  .asks { grid-template-columns: 1fr 1fr; }
}
`;

/** Numbered anchors for evidence: ids come from counters, never from untrusted text. */
class Anchors {
  readonly cells: { id: string; label: string; cell: Cell<unknown> }[] = [];
  readonly refs: { id: string; ref: EvidenceRef }[] = [];
  private readonly byRef = new Map<string, string>();

  cell(label: string, cell: Cell<unknown>): string {
    const id = `cell-${this.cells.length + 1}`;
    this.cells.push({ id, label, cell });
    return id;
  }

  cite(refs: readonly EvidenceRef[]): string {
    return refs
      .map((r) => {
        let id = this.byRef.get(r.ref);
        if (id === undefined) {
          id = `ref-${this.refs.length + 1}`;
          this.refs.push({ id, ref: r });
          this.byRef.set(r.ref, id);
        }
        return `<sup><a href="#${id}">[${id.slice(4)}]</a></sup>`;
      })
      .join('');
  }
}

/** One self-contained HTML file: inline CSS, server-rendered SVG charts, no script, evidence as anchors; prints cleanly. */
export const htmlRenderer: Renderer = {
  extension: 'html',
  binary: false,
  async render(review) {
    const a = new Anchors();
    const body: string[] = [];
    for (const section of review.sections) body.push(sectionHtml(review, section, a));
    const nav = review.sections.map((s) => `<a href="#${s}">${esc(SECTION_TITLE[s])}</a>`).join('');
    return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="referrer" content="no-referrer">
<title>${esc(review.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header><h1>${esc(review.title)}</h1><p class="meta">Period ${esc(review.period.label)} (${esc(review.period.start)} to ${esc(review.period.end)}, end exclusive) · Audience: ${esc(AUDIENCE_LABEL[review.audience])}</p>${
      review.audience === 'board'
        ? ''
        : `<p class="meta">Data loaded: ${esc(review.data.loaded.join(', ') || 'nothing')}. Not loaded: ${esc(review.data.notLoaded.join(', ') || 'none')} — figures that need them say “No data”.</p>`
    }</header>
<nav>${nav}</nav>
<main>
${body.join('\n')}
${review.sections.includes('evidence') || a.cells.length + a.refs.length > 0 ? evidenceAnchors(a) : ''}
</main>
<footer>Generated by secscore from the data loaded; every statement links to its figures and rule. Failure-mode taxonomy: ${esc(review.taxonomy.join(', '))}.</footer>
</body>
</html>
`;
  },
};

function sectionHtml(review: Review, section: SectionId, a: Anchors): string {
  const wrap = (inner: string) => (inner === '' ? '' : `<section id="${section}"><h2>${esc(SECTION_TITLE[section])}</h2>\n${inner}</section>`);
  if (section === 'board' && review.board) return wrap(boardHtml(review.board));
  if (section === 'scorecard' && review.scorecard) return wrap(scorecardHtml(review.scorecard, a));
  if (section === 'product-lines' && review.scorecard) return wrap(linesHtml(review.scorecard.lines, review, a));
  if (section === 'platform' && review.platform) return wrap(platformHtml(review.platform));
  if (section === 'drill-down' && review.drillDown) return wrap(drillDownHtml(review.drillDown));
  if (section === 'narrative' && review.narrative) return wrap(narrativeHtml(review.narrative, a));
  if (section === 'asks' && review.asks) return wrap(asksHtml(review.asks, a));
  if (section === 'close' && review.close) return wrap(closeHtml(review.close, a));
  if (section === 'kpis' && review.kpis) return wrap(kpisHtml(review.kpis));
  if (section === 'evidence' && review.evidence) return wrap(findingsHtml(review.evidence));
  return '';
}

function ratedCell(value: string, label: string, cell: Cell<unknown>, a: Anchors): string {
  const tone = toneOf(value);
  return `<td class="tone tone-${tone}"><a href="#${a.cell(label, cell)}">${esc(value)}</a></td>`;
}

function scorecardHtml(s: Scorecard, a: Anchors): string {
  const rows = s.rows
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.area)}</th>${ratedCell(r.releaseGateHealth.value, `${r.area} — Release gate health`, r.releaseGateHealth, a)}${ratedCell(
          r.reviewLatency.value,
          `${r.area} — Review latency`,
          r.reviewLatency,
          a,
        )}<td class="${r.topFailureMode.kind === 'named' ? '' : 'tone tone-none'}"><a href="#${a.cell(`${r.area} — Top failure mode`, r.topFailureMode)}">${esc(r.topFailureMode.value)}</a></td>${ratedCell(
          r.escalation.value,
          `${r.area} — Escalation needed`,
          r.escalation,
          a,
        )}</tr>`,
    )
    .join('\n');
  const triggers = s.rows.flatMap((r) => r.escalation.triggers.map((t) => `<li><strong>${esc(r.area)}</strong> — ${esc(t.level)}: ${esc(t.text)}</li>`));
  return `<table><thead><tr>${SCORECARD_HEADERS.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
${triggers.length ? `<h3>Escalation triggers</h3><ul>${triggers.join('')}</ul>` : ''}
${s.rows.length ? `<figure>${scorecardHeatmap(s.rows, 'heatmap', esc)}<figcaption>Scorecard heat-map: colour follows the rating, and every cell says its rating in words.</figcaption></figure>` : ''}`;
}

function linesHtml(lines: readonly ProductLineRow[], review: Review, a: Anchors): string {
  const rows = lines
    .map(
      (l) =>
        `<tr><th scope="row">${esc(l.line)}</th>${ratedCell(l.trend.value, `${l.line} — Security trend`, l.trend, a)}<td><a href="#${a.cell(`${l.line} — Practical meaning`, l.meaning)}">${esc(
          l.meaning.value,
        )}</a></td><td class="num">${l.rank.byRiskIndex ?? '—'}</td><td class="num">${l.rank.byOpenCount ?? '—'}</td></tr>`,
    )
    .join('\n');
  const chart = review.riskVsCount ? riskVsCountChart(review.riskVsCount, 'riskvscount', esc) : null;
  return `<table><thead><tr>${[...LINE_HEADERS, 'Rank by risk index', 'Rank by open count'].map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>
${rows}
</tbody></table>
${chart ? `<figure>${chart}<figcaption>Risk index against raw open count by area: areas high and to the left carry more blast radius than their issue count suggests.</figcaption></figure>` : ''}`;
}

function li(s: Statement, a: Anchors, suffix = ''): string {
  return `<li>${esc(s.text)}${suffix ? ` <span class="cost">(${esc(suffix)})</span>` : ''}${a.cite(s.evidence)}</li>`;
}

function narrativeHtml(n: Narrative, a: Anchors): string {
  const list = (tag: 'ul' | 'ol', items: string[], empty: string) =>
    items.length ? `<${tag}>${items.join('')}</${tag}>` : `<p class="meta">${esc(empty)}</p>`;
  return [
    `<h3>${esc(NARRATIVE_TITLE.well)}</h3>`,
    list(
      'ul',
      n.well.map((s) => li(s, a)),
      'No improvement the data supports stating this period.',
    ),
    `<h3>${esc(NARRATIVE_TITLE.wasted)}</h3>`,
    list(
      'ul',
      n.wasted.map((s) => li(s, a)),
      'No friction source reaches its threshold in the data loaded.',
    ),
    `<h3>${esc(NARRATIVE_TITLE.next)}</h3>`,
    list(
      'ol',
      n.next.map((s) => li(s, a, unmeasuredNote(s.riskShare))),
      'No recommendation the data supports this period.',
    ),
  ].join('\n');
}

function asksHtml(x: Asks, a: Anchors): string {
  const block = (list: 'mandatory' | 'recommended') =>
    `<div class="${list}"><h3>${esc(ASKS_TITLE[list])}</h3>${
      x[list].length
        ? `<ul>${x[list].map((k) => `<li>${esc(k.text)} — <span class="owner">Owner: ${esc(k.owner)}</span>${a.cite(k.evidence)}</li>`).join('')}</ul>`
        : '<p class="meta">Nothing the data raises.</p>'
    }</div>`;
  return `<div class="asks">${block('mandatory')}${block('recommended')}</div>`;
}

function closeHtml(c: Close, a: Anchors): string {
  if (c.sentences.length === 0) return '';
  return `<blockquote class="close">${c.sentences.map((s) => `${esc(s.text)}${a.cite(s.evidence)}`).join(' ')}</blockquote>`;
}

function boardHtml(b: BoardSummary): string {
  const themes = b.themes.length
    ? `<table><thead><tr><th>Theme</th><th>Share of open exposure</th><th>Direction</th><th>Confidence</th></tr></thead><tbody>${b.themes
        .map(
          (t) =>
            `<tr><th scope="row">${esc(t.label)}</th><td class="num">${Math.round(Number(t.figures['share']) * 100)} %</td><td class="tone tone-${toneOf(t.direction)}">${esc(t.direction)}</td><td>${esc(t.confidence)}</td></tr>`,
        )
        .join('')}</tbody></table><ul>${b.themes.map((t) => `<li>${esc(t.text)}</li>`).join('')}</ul>`
    : `<p class="meta">${esc(b.noThemes)}</p>`;
  const asks = (title: string, list: readonly string[], cls: string) =>
    `<div class="${cls}"><h3>${esc(title)}</h3>${list.length ? `<ul>${list.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : '<p class="meta">Nothing this quarter.</p>'}</div>`;
  return `<h3>Security posture</h3><p>${esc(b.posture ? b.posture.text : 'Not enough history yet to state a direction.')}</p>
<h3>Material risk themes</h3>${themes}
<h3>What we ask</h3><div class="asks">${asks(ASKS_TITLE.mandatory, b.mandatory, 'mandatory')}${asks(ASKS_TITLE.recommended, b.recommended, 'recommended')}</div>`;
}

function platformHtml(p: PlatformDetail): string {
  const templates =
    p.templates === null
      ? '<p class="meta">Pipeline templates: No data (no pipeline runs loaded).</p>'
      : `<table><thead><tr><th>Template</th><th>Standard</th><th>Runs</th><th>Failed</th><th>Bypassed</th><th>Tool errors</th><th>Services</th></tr></thead><tbody>${p.templates
          .map(
            (t) =>
              `<tr><th scope="row">${esc(t.template)}</th><td>${t.standard ? 'yes' : 'no'}</td><td class="num">${t.runs}</td><td class="num">${t.failed}</td><td class="num">${t.bypassed}</td><td class="num">${t.toolErrors}</td><td>${esc(t.services.join(', '))}</td></tr>`,
          )
          .join('')}</tbody></table>`;
  const cohorts = [p.pavedRoad.paved, p.pavedRoad.other]
    .map(
      (c) =>
        `<tr><th scope="row">${c.key === 'paved-road' ? 'standard platform paths' : 'other'}</th><td class="num">${c.services.length}</td><td class="num">${c.escalated.length} of ${c.judged.length}</td><td>${
          c.latency.kind === 'value'
            ? `${c.latency.value.toFixed(1)} business days (n = ${c.latency.n})`
            : `<span class="tone tone-none">No data</span> — ${esc(c.latency.reason)}`
        }</td></tr>`,
    )
    .join('');
  const tail =
    p.longTail && p.longTail.unscanned.length
      ? `<p>Services with a repository and no scan in the last ${p.longTail.windowDays} days: ${esc(p.longTail.unscanned.map((u) => u.id).join(', '))}.</p>`
      : '';
  return `<h3>Pipeline templates</h3>${templates}<h3>Standard platform paths against the rest</h3><table><thead><tr><th>Cohort</th><th>Services</th><th>Escalated (Yes) of judged</th><th>Review latency (median)</th></tr></thead><tbody>${cohorts}</tbody></table>${tail}`;
}

function drillDownHtml(d: readonly AreaDrillDown[]): string {
  return d
    .map(
      (x) =>
        `<h3>${esc(x.area)}</h3><table><thead><tr><th>Service</th><th>Tier</th><th>Exposure</th><th>Owners</th><th>Open findings</th><th>Risk weight</th><th>Top failure family</th><th>Overdue criticals</th><th>Last scan</th></tr></thead><tbody>${x.services
          .map(
            (s) =>
              `<tr><th scope="row">${esc(s.id)}</th><td class="num">${s.tier}</td><td>${s.internetExposed ? 'internet' : 'internal'}</td><td>${esc(s.owners.join(', ') || 'owner needed')}</td><td class="num">${s.openFindings}</td><td class="num">${s.riskWeight}</td><td>${esc(s.topFamily ?? '—')}</td><td class="num${s.overdueCriticals > 0 ? ' tone tone-bad' : ''}">${s.overdueCriticals}</td><td>${esc(s.lastScanAt?.slice(0, 10) ?? 'none in the review window')}</td></tr>`,
          )
          .join('')}</tbody></table>`,
    )
    .join('\n');
}

function kpisHtml(k: NonNullable<Review['kpis']>): string {
  const charts = k.trends.map((s, i) => ({ s, svg: kpiTrendChart(s, `kpi${i + 1}`, esc) }));
  const drawn = charts.filter((c) => c.svg !== null);
  const missing = charts.filter((c) => c.svg === null).map((c) => c.s.name);
  const rows = k.company.groups
    .flatMap((g) => g.kpis)
    .map(
      (row) =>
        `<tr><th scope="row">${esc(row.name)} <code>${esc(row.id)}</code></th><td class="num">${esc(formatValue(row))}</td><td class="num">${row.n}</td><td>${esc(formatTarget(row))}</td><td class="tone tone-${toneOf(
          row.status,
        )}">${esc(STATUS_LABEL[row.status])}</td><td class="num">${esc(row.previous === null ? 'No data' : formatValue({ value: row.previous, unit: row.unit }))}</td><td>${esc(row.trend === null ? '—' : TREND_LABEL[row.trend]!)}</td><td>${esc(
          row.reason ?? row.note ?? '',
        )}</td></tr>`,
    )
    .join('');
  const byArea = k.byArea.groups[0]?.kpis ?? [];
  return `<h3>Trends over the last four periods</h3><div class="charts">${drawn.map((c) => `<figure>${c.svg}</figure>`).join('')}</div>${
    missing.length ? `<p class="meta">No data in any of the four periods: ${esc(missing.join(', '))}.</p>` : ''
  }
<h3>Company</h3><table><thead><tr><th>KPI</th><th>Value</th><th>n</th><th>Target</th><th>Status</th><th>Previous</th><th>Trend</th><th>Note</th></tr></thead><tbody>${rows}</tbody></table>
<h3>By area</h3><table><thead><tr><th>Area</th>${byArea.map((r) => `<th>${esc(r.name)}</th>`).join('')}</tr></thead><tbody>${k.byArea.groups
    .map(
      (g) =>
        `<tr><th scope="row">${esc(g.key)}</th>${g.kpis.map((r) => `<td class="tone tone-${toneOf(r.status)}">${esc(formatValue(r))} <small>(${esc(STATUS_LABEL[r.status])}, n=${r.n})</small></td>`).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

function findingsHtml(e: NonNullable<Review['evidence']>): string {
  const table = (headers: string[], rows: string[][], empty: string) =>
    rows.length === 0
      ? `<p class="meta">${esc(empty)}</p>`
      : `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
  return [
    '<h3>Critical findings overdue at the end of the period</h3>',
    table(
      ['Service', 'Area', 'Finding', 'Tool', 'Opened', 'Due', 'Days overdue'],
      e.overdueCriticals.map((f) => [f.service, f.area, f.title, f.tool, f.openedAt.slice(0, 10), f.dueAt?.slice(0, 10) ?? '—', String(f.daysOverdue ?? '—')]),
      'None.',
    ),
    '<h3>Critical and high findings reopened in the period</h3>',
    table(
      ['Service', 'Finding', 'Severity', 'Reopened', 'Times reopened'],
      e.reopened.map((f) => [f.service, f.title, f.severity, f.openedAt.slice(0, 10), String(f.reopenCount)]),
      'None.',
    ),
    '<h3>Coverage gaps at the end of the period</h3>',
    table(
      ['Service', 'Area', 'Missing in the last 30 days', 'Last scan seen'],
      e.coverageGaps.map((g) => [g.service, g.area, g.missing.join(', '), g.lastScanAt?.slice(0, 10) ?? 'none in the review window']),
      'None: every service with a repository was scanned for every required category in the last 30 days.',
    ),
  ].join('\n');
}

function evidenceAnchors(a: Anchors): string {
  if (a.cells.length === 0 && a.refs.length === 0) return '';
  const cells = a.cells.map(
    (c) =>
      `<dt id="${c.id}">${esc(c.label)}: ${esc(String(c.cell.value))}</dt>${c.cell.evidence.map((e) => `<dd>${esc(e)}</dd>`).join('')}<dd>Rule: ${esc(c.cell.rule)}</dd>`,
  );
  const refs = a.refs.map((r) => `<dt id="${r.id}">[${r.id.slice(4)}] ${esc(r.ref.label)}</dt>${r.ref.detail.map((d) => `<dd>${esc(d)}</dd>`).join('')}`);
  return `<section id="figures"><h2>Figures behind every cell and statement</h2><dl class="evidence">${cells.join('')}${refs.join('')}</dl></section>`;
}
