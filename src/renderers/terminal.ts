import pc from 'picocolors';
import { termText } from '../domain/text.js';
import type { KpisReport } from '../kpis/evaluate.js';
import type { Review } from '../scorecard/review.js';
import type { Statement } from '../scorecard/statement.js';
import type { Scorecard } from '../scorecard/types.js';
import {
  ASKS_TITLE,
  AUDIENCE_LABEL,
  EMPTY_CATALOG,
  formatTarget,
  formatValue,
  LINE_HEADERS,
  NARRATIVE_TITLE,
  unmeasuredNote,
  SCORECARD_HEADERS,
  SECTION_TITLE,
  toneOf,
} from './format.js';
import type { Renderer } from './types.js';

export interface Paint {
  good(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const NO_PAINT: Paint = { good: (s) => s, warn: (s) => s, bad: (s) => s, dim: (s) => s, bold: (s) => s };

/** ANSI colours; every coloured value keeps its words, so colour is never the only signal. */
export function ansiPaint(enabled: boolean): Paint {
  const c = pc.createColors(enabled);
  return { good: c.green, warn: c.yellow, bad: c.red, dim: c.dim, bold: c.bold };
}

/** A plain aligned table; widths are measured before painting so colours do not break alignment. */
export function table(headers: readonly string[], rows: { text: string; paint?: (s: string) => string }[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.text.length ?? 0)));
  const line = (cells: { text: string; paint?: (s: string) => string }[]) =>
    cells.map((c, i) => (c.paint ?? ((s: string) => s))(i === cells.length - 1 ? c.text : c.text.padEnd(widths[i]!))).join('  ');
  return [line(headers.map((h) => ({ text: h }))), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function ratingPaint(value: string, p: Paint): (s: string) => string {
  const tone = toneOf(value);
  return tone === 'good' ? p.good : tone === 'warn' ? p.warn : tone === 'bad' ? p.bad : p.dim;
}

export function renderScorecardText(s: Scorecard, p: Paint = NO_PAINT): string {
  const out: string[] = [p.bold(`${SECTION_TITLE.scorecard} — ${s.period.label}`), ''];
  // Empty tables would read as a scorecard with nothing to say; say why there is none.
  if (s.rows.length === 0 && s.lines.length === 0) {
    out.push(EMPTY_CATALOG);
    return out.join('\n');
  }
  out.push(
    table(
      SCORECARD_HEADERS,
      s.rows.map((r) => [
        { text: termText(r.area) },
        { text: r.releaseGateHealth.value, paint: ratingPaint(r.releaseGateHealth.value, p) },
        { text: r.reviewLatency.value, paint: ratingPaint(r.reviewLatency.value, p) },
        { text: termText(r.topFailureMode.value), paint: r.topFailureMode.kind === 'named' ? undefined : p.dim },
        { text: r.escalation.value, paint: ratingPaint(r.escalation.value, p) },
      ]),
    ),
  );
  const why = s.rows.filter((r) => r.escalation.triggers.length > 0);
  if (why.length) {
    out.push('', p.bold('Escalations'));
    for (const r of why) for (const t of r.escalation.triggers) out.push(`  ${termText(r.area)} — ${t.level}: ${termText(t.text)}`);
  }
  out.push('', p.bold(SECTION_TITLE['product-lines']), '');
  out.push(
    table(
      LINE_HEADERS,
      s.lines.map((l) => [{ text: termText(l.line) }, { text: l.trend.value, paint: ratingPaint(l.trend.value, p) }, { text: termText(l.meaning.value) }]),
    ),
  );
  return out.join('\n');
}

export function renderKpisText(report: KpisReport, p: Paint = NO_PAINT): string {
  const out: string[] = [];
  for (const g of report.groups) {
    out.push(p.bold(`${report.scope.by === 'company' ? 'Company' : termText(g.key)} — ${report.period.label}`));
    out.push(
      table(
        ['KPI', 'Value', 'n', 'Target', 'Status', 'Previous', 'Trend'],
        g.kpis.map((k) => [
          { text: k.id },
          { text: formatValue(k), paint: k.value === null ? p.dim : undefined },
          { text: String(k.n) },
          { text: formatTarget(k) },
          { text: k.status === 'no-data' ? 'No data' : k.status, paint: ratingPaint(k.status, p) },
          { text: k.previous === null ? 'No data' : formatValue({ value: k.previous, unit: k.unit }) },
          { text: k.trend ?? '—' },
        ]),
      ),
    );
    out.push('');
  }
  return out.join('\n');
}

/** The whole review for a terminal: the same sections as the other formats, figures inline. */
export function renderReviewText(review: Review, p: Paint = NO_PAINT): string {
  const out: string[] = [p.bold(termText(review.title)), `${review.period.label} · ${AUDIENCE_LABEL[review.audience]}`, ''];
  const bullets = (list: readonly Statement[], suffix: (s: Statement, i: number) => string = () => '') =>
    list.length === 0 ? [p.dim('  (nothing the data supports stating)')] : list.map((s, i) => `  • ${termText(s.text)}${suffix(s, i)}`);
  for (const section of review.sections) {
    if (section === 'board' && review.board) {
      const b = review.board;
      out.push(p.bold('Security posture'), `  ${b.posture ? termText(b.posture.text) : 'Not enough history yet to state a direction.'}`, '');
      out.push(p.bold('Material risk themes'), ...(b.themes.length ? bullets(b.themes) : [`  ${termText(b.noThemes)}`]), '');
      out.push(p.bold(ASKS_TITLE.mandatory), ...(b.mandatory.length ? b.mandatory.map((a) => `  • ${termText(a)}`) : ['  • Nothing this quarter.']), '');
      out.push(p.bold(ASKS_TITLE.recommended), ...(b.recommended.length ? b.recommended.map((a) => `  • ${termText(a)}`) : ['  • Nothing this quarter.']), '');
    }
    if (section === 'scorecard' && review.scorecard) out.push(renderScorecardText(review.scorecard, p), '');
    if (section === 'narrative' && review.narrative) {
      const n = review.narrative;
      out.push(p.bold(SECTION_TITLE.narrative));
      out.push(NARRATIVE_TITLE.well, ...bullets(n.well));
      out.push(NARRATIVE_TITLE.wasted, ...bullets(n.wasted));
      out.push(NARRATIVE_TITLE.next, ...bullets(n.next, (_, i) => (n.next[i]!.riskShare === null ? p.dim(` (${unmeasuredNote(null)})`) : '')), '');
    }
    if (section === 'asks' && review.asks) {
      out.push(p.bold(SECTION_TITLE.asks));
      for (const list of ['mandatory', 'recommended'] as const) {
        const asks = review.asks[list];
        out.push(list === 'mandatory' ? p.bad(ASKS_TITLE[list]) : p.warn(ASKS_TITLE[list]));
        out.push(...(asks.length ? asks.map((a) => `  • ${termText(a.text)} — owner: ${termText(a.owner)}`) : ['  • Nothing the data raises.']));
      }
      out.push('');
    }
    if (section === 'kpis' && review.kpis) out.push(renderKpisText(review.kpis.company, p));
    if (section === 'close' && review.close && review.close.sentences.length)
      out.push(p.bold(SECTION_TITLE.close), `  ${review.close.sentences.map((s) => termText(s.text)).join(' ')}`, '');
    if (section === 'drill-down' && review.drillDown)
      for (const a of review.drillDown) {
        out.push(p.bold(`${SECTION_TITLE['drill-down']}: ${termText(a.area)}`));
        out.push(
          table(
            ['Service', 'Tier', 'Open', 'Risk weight', 'Overdue criticals', 'Top failure family'],
            a.services.map((s) => [
              { text: termText(s.id) },
              { text: String(s.tier) },
              { text: String(s.openFindings) },
              { text: String(s.riskWeight) },
              { text: String(s.overdueCriticals), paint: s.overdueCriticals > 0 ? p.bad : undefined },
              { text: s.topFamily === null ? '—' : termText(s.topFamily) },
            ]),
          ),
          '',
        );
      }
    if (section === 'platform' && review.platform) {
      const pl = review.platform;
      out.push(p.bold(SECTION_TITLE.platform));
      if (pl.templates === null) out.push(p.dim('  Pipeline templates: No data (no pipeline runs loaded)'));
      else
        out.push(
          table(
            ['Template', 'Standard', 'Runs', 'Failed', 'Bypassed', 'Tool errors'],
            pl.templates.map((t) => [
              { text: termText(t.template) },
              { text: t.standard ? 'yes' : 'no' },
              { text: String(t.runs) },
              { text: String(t.failed) },
              { text: String(t.bypassed) },
              { text: String(t.toolErrors) },
            ]),
          ),
        );
      for (const c of [pl.pavedRoad.paved, pl.pavedRoad.other])
        out.push(
          `  ${c.key === 'paved-road' ? 'standard platform paths' : 'other'}: ${c.services.length} services, ${c.escalated.length} of ${c.judged.length} escalated, review latency ${
            c.latency.kind === 'value' ? `${c.latency.value.toFixed(1)} business days` : 'No data'
          }`,
        );
      out.push('');
    }
  }
  return out.join('\n');
}

/** `--format terminal`: colours only when asked for (a terminal), the words always. */
export const terminalRenderer: Renderer = {
  extension: 'txt',
  binary: false,
  async render(review, options) {
    return `${renderReviewText(review, ansiPaint(options?.colour === true))}\n`;
  },
};
