import JSZip from 'jszip';
import pptxgen from 'pptxgenjs';

// pptxgenjs ships ES-module code with CommonJS-style types: TypeScript sees the class one
// `default` deeper than Node loads it. Take whichever the runtime gives.
type Ctor = typeof pptxgen.default;
const PptxGenJS: Ctor = (pptxgen as unknown as { default?: Ctor }).default ?? (pptxgen as unknown as Ctor);
type PptxGenJS = InstanceType<Ctor>;
type TableCell = pptxgen.default.TableCell;
type TextProps = pptxgen.default.TextProps;
import { BIDI_CONTROLS } from '../domain/text.js';
import { toIso, type Millis } from '../domain/time.js';
import type { Review } from '../scorecard/review.js';
import type { Statement } from '../scorecard/statement.js';
import { TONE_COLOUR } from './charts.js';
import { ASKS_TITLE, AUDIENCE_LABEL, LINE_HEADERS, NARRATIVE_TITLE, SCORECARD_HEADERS, SECTION_TITLE, toneOf } from './format.js';
import type { Renderer } from './types.js';

/**
 * Text for a slide: characters XML cannot carry are dropped (pptxgenjs escapes the rest), and so are
 * bidirectional formatting characters, which would reorder what the slide shows (BIDI_CONTROLS).
 */
export function slideText(raw: string): string {
  return raw.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffe\uffff]/g, '').replace(BIDI_CONTROLS, '');
}

const FONT = 'Calibri';
const DARK = '1F2937';
const ACCENT = '1D4ED8';
const W = 13.33;
const MAX_BULLETS = 5;

type Slide = ReturnType<PptxGenJS['addSlide']>;
type Cell = TableCell;

function hex(c: string): string {
  return c.replace('#', '').toUpperCase();
}

function heading(slide: Slide, title: string, subtitle?: string): void {
  slide.addShape('rect', { x: 0, y: 0, w: W, h: 0.12, fill: { color: ACCENT }, line: { color: ACCENT } });
  slide.addText(slideText(title), { x: 0.5, y: 0.3, w: W - 1, h: 0.6, fontFace: FONT, fontSize: 26, bold: true, color: DARK });
  if (subtitle) slide.addText(slideText(subtitle), { x: 0.5, y: 0.85, w: W - 1, h: 0.35, fontFace: FONT, fontSize: 12, color: '4B5563' });
}

const header = (labels: readonly string[]): Cell[] => labels.map((text) => ({ text, options: { bold: true, color: 'FFFFFF', fill: { color: DARK } } }));

function rated(value: string): Cell {
  const tone = TONE_COLOUR[toneOf(value)];
  return { text: slideText(value), options: { bold: true, color: hex(tone.text), fill: { color: hex(tone.fill) } } };
}

function bullets(list: readonly string[], more: number, numbered = false): TextProps[] {
  const items: TextProps[] = list.map((text) => ({
    text: slideText(text),
    options: { bullet: numbered ? { type: 'number' } : true, breakLine: true, paraSpaceAfter: 4 },
  }));
  if (more > 0) items.push({ text: `… ${more} more in the full report`, options: { italic: true, color: '6B7280', breakLine: true } });
  if (items.length === 0) items.push({ text: 'Nothing the data supports stating.', options: { italic: true, color: '6B7280' } });
  return items;
}

function column(
  slide: Slide,
  x: number,
  w: number,
  title: string,
  list: readonly string[],
  options: { titleColour?: string; numbered?: boolean; max?: number } = {},
): void {
  const max = options.max ?? MAX_BULLETS;
  slide.addText(slideText(title), { x, y: 1.3, w, h: 0.75, fontFace: FONT, fontSize: 15, bold: true, color: options.titleColour ?? ACCENT, valign: 'bottom' });
  slide.addText(bullets(list.slice(0, max), Math.max(0, list.length - max), options.numbered), {
    x,
    y: 2.1,
    w,
    h: 5.1,
    fontFace: FONT,
    fontSize: 12,
    color: DARK,
    valign: 'top',
    fit: 'shrink',
  });
}

const texts = (list: readonly Statement[]) => list.map((s) => s.text);

/**
 * The deck (pptxgenjs): title, scorecard, product-line view, narrative, "what we need from
 * engineering", close — or, for the board, posture, risk themes and asks.
 */
export const pptxRenderer: Renderer = {
  extension: 'pptx',
  binary: true,
  async render(review, options) {
    const pptx = new PptxGenJS();
    pptx.layout = 'LAYOUT_WIDE';
    pptx.title = slideText(review.title);
    pptx.author = 'secscore';
    pptx.company = 'secscore';
    pptx.subject = `Security review ${review.period.label}`;

    const title = pptx.addSlide();
    title.background = { color: 'F8FAFC' };
    title.addShape('rect', { x: 0, y: 0, w: 0.3, h: 7.5, fill: { color: ACCENT }, line: { color: ACCENT } });
    title.addText(slideText(review.title), { x: 0.9, y: 2.2, w: 11.5, h: 1.4, fontFace: FONT, fontSize: 36, bold: true, color: DARK, fit: 'shrink' });
    title.addText(`${review.period.start.slice(0, 10)} to ${review.period.end.slice(0, 10)} (end exclusive) · for the ${AUDIENCE_LABEL[review.audience]}`, {
      x: 0.9,
      y: 3.7,
      w: 11.5,
      h: 0.5,
      fontFace: FONT,
      fontSize: 18,
      color: '4B5563',
    });
    const summary = headline(review);
    if (summary) title.addText(slideText(summary), { x: 0.9, y: 1.6, w: 11.5, h: 0.6, fontFace: FONT, fontSize: 16, bold: true, color: ACCENT });
    title.addText(
      review.audience === 'board'
        ? 'Every statement is derived from the data, by rules the company can read.'
        : `Data loaded: ${slideText(review.data.loaded.join(', ') || 'nothing')}. Figures without their data say "No data".`,
      { x: 0.9, y: 4.4, w: 11.5, h: 0.8, fontFace: FONT, fontSize: 12, color: '6B7280', fit: 'shrink' },
    );

    if (review.board) boardSlides(pptx, review);
    if (review.scorecard) {
      const s = pptx.addSlide();
      heading(s, SECTION_TITLE.scorecard, `${review.period.label} · every rating is written in its cell; the figures behind it are in the full report`);
      const rows: Cell[][] = [
        header(SCORECARD_HEADERS),
        ...review.scorecard.rows.map((r) => [
          { text: slideText(r.area), options: { bold: true } },
          rated(r.releaseGateHealth.value),
          rated(r.reviewLatency.value),
          { text: slideText(r.topFailureMode.value), options: r.topFailureMode.kind === 'named' ? {} : { italic: true, color: '6B7280' } },
          rated(r.escalation.value),
        ]),
      ];
      s.addTable(rows, {
        x: 0.5,
        y: 1.35,
        w: W - 1,
        colW: [2.9, 1.9, 1.7, 3.9, 1.93],
        fontFace: FONT,
        fontSize: 13,
        border: { type: 'solid', pt: 1, color: 'D1D5DB' },
        valign: 'middle',
      });
      const triggers = review.scorecard.rows.flatMap((r) => r.escalation.triggers.filter((t) => t.level === 'Yes').map((t) => `${r.area}: ${t.text}`));
      if (triggers.length)
        s.addText(bullets(triggers.slice(0, 4), Math.max(0, triggers.length - 4)), {
          x: 0.5,
          y: 1.55 + 0.5 * (review.scorecard.rows.length + 1),
          w: W - 1,
          h: Math.max(0.8, 7.2 - (1.55 + 0.5 * (review.scorecard.rows.length + 1))),
          fontFace: FONT,
          fontSize: 11,
          color: '4B5563',
          valign: 'top',
          fit: 'shrink',
        });

      const l = pptx.addSlide();
      heading(l, SECTION_TITLE['product-lines'], 'Trend over the last three periods; rank 1 = most exposure');
      l.addTable(
        [
          header([...LINE_HEADERS, 'Rank by risk index', 'Rank by open count']),
          ...review.scorecard.lines.map((x) => [
            { text: slideText(x.line), options: { bold: true } },
            rated(x.trend.value),
            { text: slideText(x.meaning.value) },
            { text: String(x.rank.byRiskIndex ?? '—'), options: { align: 'center' as const } },
            { text: String(x.rank.byOpenCount ?? '—'), options: { align: 'center' as const } },
          ]),
        ],
        {
          x: 0.5,
          y: 1.35,
          w: W - 1,
          colW: [3.1, 2.0, 4.73, 1.25, 1.25],
          fontFace: FONT,
          fontSize: 13,
          border: { type: 'solid', pt: 1, color: 'D1D5DB' },
          valign: 'middle',
        },
      );
    }
    if (review.narrative) {
      const s = pptx.addSlide();
      heading(s, SECTION_TITLE.narrative);
      const w = (W - 1.4) / 3;
      column(s, 0.5, w, NARRATIVE_TITLE.well, texts(review.narrative.well));
      column(s, 0.5 + w + 0.2, w, NARRATIVE_TITLE.wasted, texts(review.narrative.wasted));
      column(s, 0.5 + 2 * (w + 0.2), w, NARRATIVE_TITLE.next, texts(review.narrative.next), { numbered: true });
    }
    if (review.asks) {
      const s = pptx.addSlide();
      heading(s, SECTION_TITLE.asks);
      const w = (W - 1.2) / 2;
      column(
        s,
        0.5,
        w,
        ASKS_TITLE.mandatory,
        review.asks.mandatory.map((a) => `${a.text} — Owner: ${a.owner}`),
        { titleColour: 'B91C1C', max: 6 },
      );
      column(
        s,
        0.5 + w + 0.2,
        w,
        ASKS_TITLE.recommended,
        review.asks.recommended.map((a) => `${a.text} — Owner: ${a.owner}`),
        { titleColour: 'B45309', max: 6 },
      );
    }
    if (review.close && review.close.sentences.length) {
      const s = pptx.addSlide();
      heading(s, SECTION_TITLE.close);
      s.addText(slideText(review.close.sentences.map((x) => x.text).join(' ')), {
        x: 0.9,
        y: 1.8,
        w: W - 1.8,
        h: 4.5,
        fontFace: FONT,
        fontSize: 22,
        color: DARK,
        valign: 'middle',
        fit: 'shrink',
      });
    }
    const out = await pptx.write({ outputType: 'uint8array' });
    return datedAt(out as Uint8Array, options?.now ?? Date.now());
  },
};

/**
 * The deck with `at` as its date: pptxgenjs stamps the clock into docProps/core.xml (created,
 * modified) and into every zip entry, and has no option to set either, so two decks of the same
 * review would differ in those bytes alone. The zip is read back and written again, entries in
 * their order, with `at` in both places (zip times are UTC, to the two seconds DOS time holds,
 * and start in 1980).
 */
async function datedAt(deck: Uint8Array, at: Millis): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(deck);
  const core = zip.file(CORE_XML);
  if (core === null) throw new Error(`pptxgenjs wrote no ${CORE_XML}`);
  const xml = await core.async('string');
  const iso = toIso(at).replace(/\.\d{3}Z$/, 'Z');
  let stamped = 0;
  const dated = xml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, (_, open: string, _name, close: string) => {
    stamped++;
    return `${open}${iso}${close}`;
  });
  // A pptxgenjs that writes its dates otherwise would leave the clock in the deck unseen.
  if (stamped !== 2) throw new Error(`${CORE_XML} of pptxgenjs: expected a created and a modified date, found ${stamped}`);
  zip.file(CORE_XML, dated);
  const date = new Date(Math.max(at, ZIP_EPOCH));
  for (const entry of Object.values(zip.files)) entry.date = date;
  return zip.generateAsync({ type: 'uint8array' });
}

const CORE_XML = 'docProps/core.xml';
const ZIP_EPOCH = Date.UTC(1980, 0, 1);

/** One line of what the deck says, from its own figures; null when there is nothing to count. */
function headline(review: Review): string | null {
  if (review.board) {
    const b = review.board;
    return b.posture
      ? `Posture ${b.posture.direction.toLowerCase()} · ${b.themes.length} material risk theme${b.themes.length === 1 ? '' : 's'} · ${b.mandatory.length} mandatory ask${b.mandatory.length === 1 ? '' : 's'}`
      : null;
  }
  if (!review.scorecard || review.scorecard.rows.length === 0) return null;
  const rows = review.scorecard.rows;
  const yes = rows.filter((r) => r.escalation.value === 'Yes').length;
  const asks = review.asks ? ` · ${review.asks.mandatory.length} mandatory and ${review.asks.recommended.length} recommended asks` : '';
  return `${yes} of ${rows.length} areas need escalation${asks}`;
}

function boardSlides(pptx: PptxGenJS, review: Review): void {
  const b = review.board!;
  const s = pptx.addSlide();
  heading(s, 'Security posture and material risks', review.period.label);
  s.addText(slideText(b.posture ? b.posture.text : 'Not enough history yet to state a direction.'), {
    x: 0.5,
    y: 1.35,
    w: W - 1,
    h: 1.2,
    fontFace: FONT,
    fontSize: 16,
    color: DARK,
    fit: 'shrink',
  });
  if (b.themes.length)
    s.addTable(
      [
        header(['Theme', 'Share of open exposure', 'Direction', 'Confidence']),
        ...b.themes.map((t) => [
          { text: slideText(t.label), options: { bold: true } },
          { text: `${Math.round(Number(t.figures['share']) * 100)} %`, options: { align: 'center' as const } },
          rated(t.direction),
          { text: t.confidence },
        ]),
      ],
      { x: 0.5, y: 2.8, w: W - 1, colW: [5.3, 2.4, 2.3, 2.33], fontFace: FONT, fontSize: 14, border: { type: 'solid', pt: 1, color: 'D1D5DB' } },
    );
  else s.addText(slideText(b.noThemes), { x: 0.5, y: 2.8, w: W - 1, h: 0.6, fontFace: FONT, fontSize: 14, color: DARK });
  const a = pptx.addSlide();
  heading(a, 'What we ask');
  const w = (W - 1.2) / 2;
  column(a, 0.5, w, ASKS_TITLE.mandatory, b.mandatory, { titleColour: 'B91C1C' });
  column(a, 0.5 + w + 0.2, w, ASKS_TITLE.recommended, b.recommended, { titleColour: 'B45309' });
}
