import { htmlRenderer } from './html.js';
import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import { pptxRenderer } from './pptx.js';
import { terminalRenderer } from './terminal.js';
import type { Renderer } from './types.js';

/** The `report --format` choices are exactly these keys. */
export const RENDERERS = {
  md: markdownRenderer,
  html: htmlRenderer,
  json: jsonRenderer,
  pptx: pptxRenderer,
  terminal: terminalRenderer,
} satisfies Record<string, Renderer>;

export type ReportFormat = keyof typeof RENDERERS;

export const REPORT_FORMATS = Object.keys(RENDERERS) as ReportFormat[];

/** What `secscore demo` writes beside its inputs, as report.<extension>. */
export const FILE_FORMATS: readonly ReportFormat[] = ['md', 'html', 'pptx', 'json'];

export function isReportFormat(f: string): f is ReportFormat {
  return Object.hasOwn(RENDERERS, f);
}
