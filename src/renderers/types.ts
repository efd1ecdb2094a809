import type { Review } from '../scorecard/review.js';

/** One output format of the review; the registry's keys are the `--format` choices. */
export interface Renderer {
  /** File extension without the dot. */
  extension: string;
  /** True when the output is binary (written to a file, never to a terminal). */
  binary: boolean;
  render(review: Review): Promise<string | Uint8Array>;
}
