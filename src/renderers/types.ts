import type { Review } from '../scorecard/review.js';

export interface RenderOptions {
  /** Terminal only: use ANSI colours (the words are printed either way). */
  colour?: boolean;
}

/** One output format of the review; the registry's keys are the `--format` choices. */
export interface Renderer {
  /** File extension without the dot. */
  extension: string;
  /** True when the output is binary (written to a file, never to a terminal). */
  binary: boolean;
  render(review: Review, options?: RenderOptions): Promise<string | Uint8Array>;
}
