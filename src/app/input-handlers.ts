import type { InputHandler } from './input-handler.js';

/** Every non-scanner input `secscore import` reads, in detection order. One explicit list. */
export const INPUT_HANDLERS: readonly InputHandler[] = [];
