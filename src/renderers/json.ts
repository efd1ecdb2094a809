import type { Renderer } from './types.js';

/**
 * Everything the other formats show, for other tools. Beyond what JSON.stringify escapes,
 * `<`, `>`, `&` and the JavaScript line separators are written as \u escapes, so the output
 * stays inert even when a consumer pastes it into an HTML page or a script block.
 */
export const jsonRenderer: Renderer = {
  extension: 'json',
  binary: false,
  async render(review) {
    return `${safeJson(review)}\n`;
  },
};

export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
