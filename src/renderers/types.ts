import type { Millis } from '../domain/time.js';
import type { Review } from '../scorecard/review.js';

export interface RenderOptions {
  /** Terminal only: use ANSI colours (the words are printed either way). */
  colour?: boolean;
  /**
   * When the review is written (the CLI's clock: SECSCORE_NOW when set). The deck states it as its
   * created and modified dates and as the time of every file in its zip, so the same review
   * written at the same moment is the same bytes. Default: the clock.
   */
  now?: Millis;
}

/** One output format of the review; the registry's keys are the `--format` choices. */
export interface Renderer {
  /** File extension without the dot. */
  extension: string;
  /** True when the output is binary (written to a file, never to a terminal). */
  binary: boolean;
  render(review: Review, options?: RenderOptions): Promise<string | Uint8Array>;
}
