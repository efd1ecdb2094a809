import { EXCEPTION_HANDLERS } from './exception-handlers.js';
import type { InputHandler } from './input-handler.js';
import { RECORD_HANDLERS } from './record-handlers.js';

/** Every non-scanner input `secscore import` reads, in detection order. One explicit list. */
export const INPUT_HANDLERS: readonly InputHandler[] = [...RECORD_HANDLERS, ...EXCEPTION_HANDLERS];
