/**
 * Makes untrusted text (scanner titles, service names) inert in Markdown: HTML is escaped
 * as entities, Markdown punctuation is backslash-escaped, and line breaks become spaces so
 * that a value cannot end a table row or start a block.
 */
export function mdText(raw: string): string {
  return raw
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~"'])/g, '\\$1')
    .replace(/^(\s*)-/, '$1\\-')
    .replace(/^(\s*\d+)\./, '$1\\.');
}
