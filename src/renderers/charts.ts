import { createRequire } from 'node:module';
import type * as Echarts from 'echarts';
import { BIDI_CONTROLS } from '../domain/text.js';
import type { KpiSeries, RiskPoint } from '../scorecard/review.js';
import type { ScorecardRow } from '../scorecard/types.js';
import { toneOf, type Tone } from './format.js';

/**
 * Charts of the HTML report, rendered on the server to SVG by ECharts (no script in the page).
 * ECharts escapes the text it writes into the SVG; ids inside each SVG are renamed per chart so
 * that several charts in one page do not share clip paths.
 */

export const TONE_COLOUR: Record<Tone, { fill: string; text: string }> = {
  good: { fill: '#d6eedb', text: '#14532d' },
  warn: { fill: '#fdeec2', text: '#6b4500' },
  bad: { fill: '#f8d3cf', text: '#7f1d1d' },
  none: { fill: '#e5e7eb', text: '#374151' },
};
const TONE_INDEX: Record<Tone, number> = { none: 0, bad: 1, warn: 2, good: 3 };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * ECharts is loaded on the first chart, not at start-up: importing it costs about a second,
 * which every other command (`kpis`, `import`, …) would otherwise pay.
 */
let loaded: typeof Echarts | null = null;
function echarts(): typeof Echarts {
  loaded ??= createRequire(import.meta.url)('echarts') as typeof Echarts;
  return loaded;
}

function svgChart(option: Echarts.EChartsOption, width: number, height: number, id: string): string {
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: FONT }, ...option });
    return chart
      .renderToSVGString()
      .replace(/\bzr\d+-/g, `${id}-`)
      .replace(/<svg /, `<svg role="img" aria-labelledby="${id}-title" `)
      .replace(/(<svg[^>]*>)/, `$1<title id="${id}-title">${id}</title>`);
  } finally {
    chart.dispose();
  }
}

/**
 * Untrusted text ECharts draws (area names as axis and point labels): it escapes what XML needs
 * but keeps control characters and bidirectional formatting characters, which are dropped here as
 * the page's own escape (esc) drops them.
 */
function chartText(raw: string): string {
  return raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').replace(BIDI_CONTROLS, '');
}

/** Replaces the placeholder title of a chart with an escaped caption. */
function titled(svg: string, id: string, caption: string, esc: (s: string) => string): string {
  return svg.replace(`<title id="${id}-title">${id}</title>`, `<title id="${id}-title">${esc(caption)}</title>`);
}

/** One KPI over the last four periods, with its target; a period without data is a gap, never zero. */
export function kpiTrendChart(s: KpiSeries, id: string, esc: (s: string) => string): string | null {
  if (s.points.every((p) => p.value === null)) return null;
  const target = 'value' in s.target ? s.target.value : null;
  const svg = svgChart(
    {
      title: { text: s.name, subtext: s.unit, left: 8, top: 2, itemGap: 2, textStyle: { fontSize: 12, fontWeight: 600 }, subtextStyle: { fontSize: 10 } },
      grid: { left: 44, right: 18, top: 46, bottom: 24 },
      xAxis: { type: 'category', data: s.points.map((p) => p.period), axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', axisLabel: { fontSize: 10 }, scale: s.unit !== '%' },
      series: [
        {
          type: 'line',
          data: s.points.map((p) => (p.value === null ? '-' : p.value)),
          connectNulls: false,
          symbolSize: 6,
          label: { show: true, fontSize: 10 },
          lineStyle: { color: '#1d4ed8', width: 2 },
          itemStyle: { color: '#1d4ed8' },
          ...(target === null
            ? {}
            : {
                markLine: {
                  silent: true,
                  symbol: 'none',
                  data: [{ yAxis: target }],
                  label: { formatter: `target ${target}`, position: 'insideEndTop', fontSize: 9, color: '#4b5563' },
                  lineStyle: { color: '#6b7280', type: 'dashed' },
                },
              }),
        },
      ],
    },
    300,
    180,
    id,
  );
  return titled(svg, id, `${s.name}: ${s.points.map((p) => `${p.period} ${p.value ?? 'No data'}`).join(', ')}`, esc);
}

/** The scorecard's rated columns as a heat-map: each cell coloured by tone and labelled with its rating. */
export function scorecardHeatmap(rows: readonly ScorecardRow[], id: string, esc: (s: string) => string): string {
  const columns = ['Release gate health', 'Review latency', 'Escalation needed'];
  const areas = rows.map((r) => chartText(r.area)).reverse();
  const data = rows.flatMap((r, i) => {
    const y = rows.length - 1 - i;
    return [r.releaseGateHealth.value, r.reviewLatency.value, r.escalation.value].map((rating, x) => ({ value: [x, y, TONE_INDEX[toneOf(rating)]], rating }));
  });
  const height = 60 + rows.length * 34;
  const svg = svgChart(
    {
      grid: { left: 170, right: 10, top: 30, bottom: 10 },
      xAxis: { type: 'category', data: columns, position: 'top', axisLabel: { fontSize: 11 }, axisTick: { show: false }, axisLine: { show: false } },
      yAxis: {
        type: 'category',
        data: areas,
        axisLabel: { fontSize: 11, width: 160, overflow: 'truncate' },
        axisTick: { show: false },
        axisLine: { show: false },
      },
      visualMap: {
        show: false,
        type: 'piecewise',
        dimension: 2,
        pieces: (Object.keys(TONE_INDEX) as Tone[]).map((t) => ({ value: TONE_INDEX[t], color: TONE_COLOUR[t].fill })),
      },
      series: [
        {
          type: 'heatmap',
          data,
          itemStyle: { borderColor: '#ffffff', borderWidth: 3 },
          label: { show: true, fontSize: 12, color: '#111827', formatter: (p: unknown) => String((p as { data: { rating: string } }).data.rating) },
        },
      ],
    },
    620,
    height,
    id,
  );
  return titled(
    svg,
    id,
    `Scorecard heat-map: ${rows.map((r) => `${r.area}: gate ${r.releaseGateHealth.value}, latency ${r.reviewLatency.value}, escalation ${r.escalation.value}`).join('; ')}`,
    esc,
  );
}

/** Risk index against raw open count, one point per area: points high and to the left carry more blast radius than their count suggests. */
export function riskVsCountChart(points: readonly RiskPoint[], id: string, esc: (s: string) => string): string | null {
  const areas = points.filter((p) => p.scope === 'area');
  if (areas.length === 0) return null;
  const svg = svgChart(
    {
      grid: { left: 56, right: 150, top: 20, bottom: 44 },
      xAxis: { type: 'value', name: 'open findings (raw count)', nameLocation: 'middle', nameGap: 28, axisLabel: { fontSize: 10 } },
      yAxis: { type: 'value', name: 'risk index', axisLabel: { fontSize: 10 } },
      series: [
        {
          type: 'scatter',
          symbolSize: 12,
          itemStyle: { color: '#b91c1c' },
          data: areas.map((p) => ({ value: [p.openCount, p.riskIndex], name: chartText(p.name) })),
          label: { show: true, position: 'right', fontSize: 10, formatter: (p: unknown) => String((p as { name: string }).name) },
        },
      ],
    },
    620,
    300,
    id,
  );
  return titled(svg, id, `Risk index against open findings: ${areas.map((p) => `${p.name} ${p.riskIndex} over ${p.openCount}`).join('; ')}`, esc);
}
