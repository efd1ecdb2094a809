import { BIDI_CONTROLS } from '../domain/text.js';
import type { Renderer } from './types.js';

/**
 * Everything the other formats show, for other tools. Beyond what JSON.stringify escapes,
 * `<`, `>`, `&` and the JavaScript line separators are written as \u escapes, so the output
 * stays inert even when a consumer pastes it into an HTML page or a script block; so are the C1
 * control characters and the bidirectional formatting characters (BIDI_CONTROLS), so that it
 * stays inert on the terminal `--json` prints to. Every value parses back as it was.
 */
export const jsonRenderer: Renderer = {
  extension: 'json',
  binary: false,
  async render(review) {
    return `${safeJson(review)}\n`;
  },
};

export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/[<>&\u0080-\u009f\u2028\u2029]/g, unicodeEscape)
    .replace(BIDI_CONTROLS, unicodeEscape);
}

function unicodeEscape(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
