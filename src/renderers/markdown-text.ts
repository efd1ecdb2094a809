import { BIDI_CONTROLS } from '../domain/text.js';

/**
 * Makes untrusted text (scanner titles, service names) inert in Markdown: HTML is escaped
 * as entities, the Markdown punctuation that can start emphasis, code, links, images, headings, lists or
 * cells is backslash-escaped (without brackets no link can form, so parentheses stay), and line breaks become spaces so
 * that a value cannot end a table row or start a block. `@` is escaped so that a pasted
 * review mentions nobody on GitHub; control characters and bidirectional formatting characters
 * (BIDI_CONTROLS) are dropped.
 */
export function mdText(raw: string): string {
  return raw
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]#+!|~@])/g, '\\$1')
    .replace(/^(\s*)-/, '$1\\-')
    .replace(/^(\s*\d+)\./, '$1\\.');
}
