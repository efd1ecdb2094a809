import type { KpisReport } from '../kpis/evaluate.js';
import type { Scorecard } from '../scorecard/types.js';
import { formatTarget, formatValue } from './markdown.js';

export interface Paint {
  good(s: string): string;
  warn(s: string): string;
  bad(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const NO_PAINT: Paint = { good: (s) => s, warn: (s) => s, bad: (s) => s, dim: (s) => s, bold: (s) => s };

/** Control characters from untrusted text are dropped so a title cannot move the cursor or recolour the terminal. */
export function termText(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

/** A plain aligned table; widths are measured before painting so colours do not break alignment. */
export function table(headers: string[], rows: { text: string; paint?: (s: string) => string }[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.text.length ?? 0)));
  const line = (cells: { text: string; paint?: (s: string) => string }[]) =>
    cells.map((c, i) => (c.paint ?? ((s: string) => s))(c.text.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers.map((h) => ({ text: h }))), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function ratingPaint(value: string, p: Paint): (s: string) => string {
  if (['Good', 'Low', 'No', 'Improving', 'meets'].includes(value)) return p.good;
  if (['Mixed', 'Moderate', 'Maybe', 'Flat', 'Flat to improving', 'near'].includes(value)) return p.warn;
  if (['Poor', 'High', 'Yes', 'Worsening', 'misses'].includes(value)) return p.bad;
  return p.dim;
}

export function renderScorecardText(s: Scorecard, p: Paint = NO_PAINT): string {
  const out: string[] = [p.bold(`Engineering leadership scorecard — ${s.period.label}`), ''];
  out.push(
    table(
      ['Product / Platform area', 'Release gate health', 'Review latency', 'Top failure mode', 'Escalation needed'],
      s.rows.map((r) => [
        { text: termText(r.area) },
        { text: r.releaseGateHealth.value, paint: ratingPaint(r.releaseGateHealth.value, p) },
        { text: r.reviewLatency.value, paint: ratingPaint(r.reviewLatency.value, p) },
        { text: r.topFailureMode.value === null ? 'No data' : termText(r.topFailureMode.value), paint: r.topFailureMode.value === null ? p.dim : undefined },
        { text: r.escalation.value, paint: ratingPaint(r.escalation.value, p) },
      ]),
    ),
  );
  const why = s.rows.filter((r) => r.escalation.value !== 'No');
  if (why.length) {
    out.push('', p.bold('Escalations'));
    for (const r of why) for (const t of r.escalation.triggers) out.push(`  ${termText(r.area)} — ${t.level}: ${termText(t.text)}`);
  }
  out.push('', p.bold('Product-line view'), '');
  out.push(
    table(
      ['Product line', 'Security trend', 'Practical meaning'],
      s.lines.map((l) => [{ text: termText(l.line) }, { text: l.trend.value, paint: ratingPaint(l.trend.value, p) }, { text: termText(l.meaning) }]),
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
