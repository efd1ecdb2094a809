import { jsonRenderer } from './json.js';
import { markdownRenderer } from './markdown.js';
import type { Renderer } from './types.js';

/** The `report --format` choices are exactly these keys. */
export const RENDERERS = {
  md: markdownRenderer,
  json: jsonRenderer,
} satisfies Record<string, Renderer>;

export type ReportFormat = keyof typeof RENDERERS;

export function isReportFormat(f: string): f is ReportFormat {
  return Object.hasOwn(RENDERERS, f);
}
