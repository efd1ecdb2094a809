import type { Renderer } from './types.js';

/** Everything the other formats show, for other tools. JSON.stringify escapes what needs escaping. */
export const jsonRenderer: Renderer = {
  extension: 'json',
  binary: false,
  async render(review) {
    return `${JSON.stringify(review, null, 2)}\n`;
  },
};
