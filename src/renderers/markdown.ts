import type { Asks } from '../scorecard/asks.js';
import type { BoardSummary } from '../scorecard/board.js';
import type { Close } from '../scorecard/close.js';
import type { Narrative } from '../scorecard/narrative.js';
import type { AreaDrillDown, PlatformDetail, Review } from '../scorecard/review.js';
import type { EvidenceRef, Statement } from '../scorecard/statement.js';
import type { Cell, ProductLineRow, Scorecard } from '../scorecard/types.js';
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
} from './format.js';
import { mdText } from './markdown-text.js';
import type { Renderer } from './types.js';

export { formatTarget, formatValue } from './format.js';

const TONE_MARK = { good: '🟢', warn: '🟡', bad: '🔴', none: '⚪' } as const;

/** A rating with its colour mark; the word is always there. */
function rated(value: string): string {
  return `${TONE_MARK[toneOf(value)]} ${mdText(value)}`;
}

/** Footnotes: one per judged cell, and one per evidence reference however often it is cited. */
class Notes {
  readonly lines: string[] = [];
  private readonly byRef = new Map<string, number>();

  cell(cell: Cell<unknown>): string {
    this.lines.push([...cell.evidence.map(mdText), `Rule: ${mdText(cell.rule)}`].join(' — '));
    return `[^${this.lines.length}]`;
  }

  refs(refs: readonly EvidenceRef[]): string {
    return refs
      .map((r) => {
        let n = this.byRef.get(r.ref);
        if (n === undefined) {
          this.lines.push(`**${mdText(r.label)}** — ${r.detail.map(mdText).join(' — ')}`);
          n = this.lines.length;
          this.byRef.set(r.ref, n);
        }
        return `[^${n}]`;
      })
      .join('');
  }
}

/** Markdown that pastes into GitHub and Confluence: pipe tables, untrusted text escaped, evidence as footnotes. */
export const markdownRenderer: Renderer = {
  extension: 'md',
  binary: false,
  async render(review) {
    const out: string[] = [];
    const notes = new Notes();
    out.push(`# ${mdText(review.title)}`, '');
    out.push(
      `Period ${review.period.label} (${review.period.start} to ${review.period.end}, end exclusive). Audience: ${AUDIENCE_LABEL[review.audience]}.`,
      '',
    );
    if (review.audience !== 'board')
      out.push(
        `Data loaded: ${review.data.loaded.join(', ') || 'nothing'}. Not loaded: ${review.data.notLoaded.join(', ') || 'none'} — figures that need them say "No data".`,
        '',
      );
    for (const section of review.sections) {
      if (section === 'board' && review.board) out.push(...boardSection(review.board));
      if (section === 'scorecard' && review.scorecard) out.push(...scorecardSection(review.scorecard, notes));
      if (section === 'product-lines' && review.scorecard) out.push(...linesSection(review.scorecard.lines, notes));
      if (section === 'platform' && review.platform) out.push(...platformSection(review.platform));
      if (section === 'drill-down' && review.drillDown) out.push(...drillDownSection(review.drillDown));
      if (section === 'narrative' && review.narrative) out.push(...narrativeSection(review.narrative, notes));
      if (section === 'asks' && review.asks) out.push(...asksSection(review.asks, notes));
      if (section === 'close' && review.close) out.push(...closeSection(review.close, notes));
      if (section === 'kpis' && review.kpis) out.push(...kpisSection(review.kpis));
      if (section === 'evidence' && review.evidence) out.push(...evidenceSection(review.evidence));
    }
    if (notes.lines.length) {
      out.push('---', '');
      notes.lines.forEach((n, i) => out.push(`[^${i + 1}]: ${n}`));
      out.push('');
    }
    return out.join('\n');
  },
};

function scorecardSection(s: Scorecard, notes: Notes): string[] {
  const out = [`## ${SECTION_TITLE.scorecard}`, '', `| ${SCORECARD_HEADERS.join(' | ')} |`, '|---|---|---|---|---|'];
  for (const r of s.rows)
    out.push(
      `| ${mdText(r.area)} | ${rated(r.releaseGateHealth.value)} ${notes.cell(r.releaseGateHealth)} | ${rated(r.reviewLatency.value)} ${notes.cell(r.reviewLatency)} | ${mdText(r.topFailureMode.value)} ${notes.cell(
        r.topFailureMode,
      )} | ${rated(r.escalation.value)} ${notes.cell(r.escalation)} |`,
    );
  out.push('');
  const why = s.rows.filter((r) => r.escalation.triggers.length > 0);
  if (why.length) {
    out.push('Escalation triggers:', '');
    for (const r of why) for (const t of r.escalation.triggers) out.push(`- **${mdText(r.area)}** — ${t.level}: ${mdText(t.text)}`);
    out.push('');
  }
  return out;
}

function linesSection(lines: readonly ProductLineRow[], notes: Notes): string[] {
  const out = [`## ${SECTION_TITLE['product-lines']}`, '', `| ${LINE_HEADERS.join(' | ')} |`, '|---|---|---|'];
  for (const l of lines)
    out.push(`| ${mdText(l.line)} | ${rated(l.trend.value)} ${notes.cell(l.trend)} | ${mdText(l.meaning.value)} ${notes.cell(l.meaning)} |`);
  out.push('');
  return out;
}

function bullet(s: Statement, notes: Notes, suffix = ''): string {
  return `- ${mdText(s.text)}${suffix ? ` _(${mdText(suffix)})_` : ''} ${notes.refs(s.evidence)}`.trimEnd();
}

function narrativeSection(n: Narrative, notes: Notes): string[] {
  const out = [`## ${SECTION_TITLE.narrative}`, ''];
  const block = (title: string, lines: string[], empty: string) => {
    out.push(`### ${title}`, '');
    out.push(...(lines.length ? lines : [empty]), '');
  };
  block(
    NARRATIVE_TITLE.well,
    n.well.map((s) => bullet(s, notes)),
    'No improvement the data supports stating this period.',
  );
  block(
    NARRATIVE_TITLE.wasted,
    n.wasted.map((s) => bullet(s, notes)),
    'No friction source reaches its threshold in the data loaded.',
  );
  block(
    NARRATIVE_TITLE.next,
    n.next.map((s) => `${s.rank}. ${mdText(s.text)}${s.riskShare === null ? ` _(${unmeasuredNote(null)})_` : ''} ${notes.refs(s.evidence)}`.trimEnd()),
    'No recommendation the data supports this period.',
  );
  return out;
}

function asksSection(a: Asks, notes: Notes): string[] {
  const out = [`## ${SECTION_TITLE.asks}`, ''];
  for (const list of ['mandatory', 'recommended'] as const) {
    out.push(`### ${ASKS_TITLE[list]}`, '');
    const asks = a[list];
    if (asks.length === 0) out.push('Nothing the data raises.', '');
    else out.push(...asks.map((x) => `- ${mdText(x.text)} — **Owner:** ${mdText(x.owner)} ${notes.refs(x.evidence)}`.trimEnd()), '');
  }
  return out;
}

function closeSection(c: Close, notes: Notes): string[] {
  if (c.sentences.length === 0) return [];
  return [`## ${SECTION_TITLE.close}`, '', c.sentences.map((s) => `${mdText(s.text)} ${notes.refs(s.evidence)}`.trimEnd()).join(' '), ''];
}

function boardSection(b: BoardSummary): string[] {
  const out = ['## Security posture', '', b.posture ? mdText(b.posture.text) : 'Not enough history yet to state a direction.', ''];
  out.push('## Material risk themes', '');
  if (b.themes.length === 0) out.push(mdText(b.noThemes), '');
  else {
    out.push('| Theme | Share of open exposure | Direction | Confidence |', '|---|---|---|---|');
    for (const t of b.themes) out.push(`| ${mdText(t.label)} | ${Math.round(Number(t.figures['share']) * 100)} % | ${mdText(t.direction)} | ${t.confidence} |`);
    out.push('', ...b.themes.map((t) => `- ${mdText(t.text)}`), '');
  }
  out.push('## What we ask', '');
  for (const [title, list] of [
    [ASKS_TITLE.mandatory, b.mandatory],
    [ASKS_TITLE.recommended, b.recommended],
  ] as const) {
    out.push(`### ${title}`, '');
    out.push(...(list.length ? list.map((x) => `- ${mdText(x)}`) : ['Nothing this quarter.']), '');
  }
  return out;
}

function platformSection(p: PlatformDetail): string[] {
  const out = [`## ${SECTION_TITLE.platform}`, ''];
  if (p.templates === null) out.push('Pipeline templates: No data (no pipeline runs loaded).', '');
  else {
    out.push('| Template | Standard | Runs | Failed | Bypassed | Tool errors | Services |', '|---|---|---|---|---|---|---|');
    for (const t of p.templates)
      out.push(
        `| ${mdText(t.template)} | ${t.standard ? 'yes' : 'no'} | ${t.runs} | ${t.failed} | ${t.bypassed} | ${t.toolErrors} | ${t.services.map(mdText).join(', ')} |`,
      );
    out.push('');
  }
  out.push('| Cohort | Services | Escalated (Yes) of judged | Review latency (median) |', '|---|---|---|---|');
  for (const c of [p.pavedRoad.paved, p.pavedRoad.other])
    out.push(
      `| ${c.key === 'paved-road' ? 'standard platform paths' : 'other'} | ${c.services.length} | ${c.escalated.length} of ${c.judged.length} | ${
        c.latency.kind === 'value' ? `${c.latency.value.toFixed(1)} business days (n = ${c.latency.n})` : `No data — ${mdText(c.latency.reason)}`
      } |`,
    );
  out.push('');
  if (p.longTail && p.longTail.unscanned.length > 0)
    out.push(
      `Services with a repository and no scan in the last ${p.longTail.windowDays} days: ${p.longTail.unscanned.map((u) => mdText(u.id)).join(', ')}.`,
      '',
    );
  return out;
}

function drillDownSection(d: readonly AreaDrillDown[]): string[] {
  const out = [`## ${SECTION_TITLE['drill-down']}`, ''];
  for (const a of d) {
    out.push(
      `### ${mdText(a.area)}`,
      '',
      '| Service | Tier | Exposure | Owners | Open findings | Risk weight | Top failure family | Overdue criticals | Last scan |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const s of a.services)
      out.push(
        `| ${mdText(s.id)} | ${s.tier} | ${s.internetExposed ? 'internet' : 'internal'} | ${s.owners.length ? s.owners.map(mdText).join(', ') : 'owner needed'} | ${s.openFindings} | ${s.riskWeight} | ${
          s.topFamily === null ? '—' : mdText(s.topFamily)
        } | ${s.overdueCriticals} | ${s.lastScanAt?.slice(0, 10) ?? 'none in the review window'} |`,
      );
    out.push('');
  }
  return out;
}

function kpisSection(k: NonNullable<Review['kpis']>): string[] {
  const out = [`## ${SECTION_TITLE.kpis} — company`, '', '| KPI | Value | n | Target | Status | Previous | Trend |', '|---|---|---|---|---|---|---|'];
  for (const group of k.company.groups)
    for (const row of group.kpis) {
      const prev = row.previous === null ? 'No data' : formatValue({ value: row.previous, unit: row.unit });
      out.push(
        `| ${mdText(row.name)} (\`${row.id}\`) | ${formatValue(row)} | ${row.n} | ${formatTarget(row)} | ${rated(STATUS_LABEL[row.status])} | ${prev} | ${row.trend === null ? '—' : TREND_LABEL[row.trend]} |`,
      );
    }
  out.push('');
  const noData = k.company.groups.flatMap((g) => g.kpis).filter((row) => row.status === 'no-data');
  for (const row of noData) out.push(`- \`${row.id}\`: No data — ${mdText(row.reason ?? '')}`);
  if (noData.length) out.push('');

  out.push(`## ${SECTION_TITLE.kpis} by area`, '');
  const ids = k.byArea.groups[0]?.kpis ?? [];
  out.push(`| Area | ${ids.map((row) => mdText(row.name)).join(' | ')} |`, `|---|${ids.map(() => '---').join('|')}|`);
  for (const g of k.byArea.groups)
    out.push(`| ${mdText(g.key)} | ${g.kpis.map((row) => `${formatValue(row)} (${STATUS_LABEL[row.status]}, n=${row.n})`).join(' | ')} |`);
  out.push('');
  return out;
}

function evidenceSection(e: NonNullable<Review['evidence']>): string[] {
  const out = [`## ${SECTION_TITLE.evidence}`, '', '### Critical findings overdue at the end of the period', ''];
  if (e.overdueCriticals.length === 0) out.push('None.', '');
  else {
    out.push('| Service | Area | Finding | Tool | Opened | Due | Days overdue |', '|---|---|---|---|---|---|---|');
    for (const f of e.overdueCriticals)
      out.push(
        `| ${mdText(f.service)} | ${mdText(f.area)} | ${mdText(f.title)} | ${mdText(f.tool)} | ${f.openedAt.slice(0, 10)} | ${f.dueAt?.slice(0, 10) ?? '—'} | ${f.daysOverdue ?? '—'} |`,
      );
    out.push('');
  }
  out.push('### Critical and high findings reopened in the period', '');
  if (e.reopened.length === 0) out.push('None.', '');
  else {
    out.push('| Service | Finding | Severity | Reopened | Times reopened |', '|---|---|---|---|---|');
    for (const f of e.reopened) out.push(`| ${mdText(f.service)} | ${mdText(f.title)} | ${f.severity} | ${f.openedAt.slice(0, 10)} | ${f.reopenCount} |`);
    out.push('');
  }
  out.push('### Coverage gaps at the end of the period', '');
  if (e.coverageGaps.length === 0) out.push('None: every service with a repository was scanned for every required category in the last 30 days.', '');
  else {
    out.push('| Service | Area | Missing in the last 30 days | Last scan seen |', '|---|---|---|---|');
    for (const g of e.coverageGaps)
      out.push(`| ${mdText(g.service)} | ${mdText(g.area)} | ${g.missing.join(', ')} | ${g.lastScanAt?.slice(0, 10) ?? 'none in the review window'} |`);
    out.push('');
  }
  return out;
}
