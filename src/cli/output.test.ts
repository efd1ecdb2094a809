import { afterEach, describe, expect, it, vi } from 'vitest';
import { importBar, progress } from './output.js';

/** ESC [31m (red), a carriage return (back to the line's start) and U+202E (right-to-left override): each becomes a space. */
const HOSTILE = 'a\u001b[31mred\rover\u202eevil';
const INERT = 'a [31mred over evil';

/** What the progress writes to stderr while `work` runs, with stderr a terminal or not. */
function stderrOf(tty: boolean, work: () => void): string {
  const saved = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    work();
    return write.mock.calls.map((c) => String(c[0])).join('');
  } finally {
    write.mockRestore();
    if (saved) Object.defineProperty(process.stderr, 'isTTY', saved);
    else delete (process.stderr as { isTTY?: boolean }).isTTY;
  }
}

describe('progress labels (file and repository names) are printed inert', () => {
  const savedCi = process.env['CI'];
  afterEach(() => {
    if (savedCi === undefined) delete process.env['CI'];
    else process.env['CI'] = savedCi;
  });

  it('one line per step when stderr is not a terminal', () => {
    const out = stderrOf(false, () => {
      const p = progress('sync github', 1);
      p.tick(`github.com/acme/${HOSTILE}`);
      p.stop();
    });
    expect(out).toBe(`sync github: 1/1 github.com/acme/${INERT}\n`);
  });

  it('in the bar on a terminal', () => {
    delete process.env['CI'];
    const out = stderrOf(true, () => {
      const p = progress('import', 2);
      p.tick(HOSTILE);
      p.stop();
    });
    expect(out).toContain(INERT);
    // The bar draws with its own escape sequences; none of the label's survives.
    expect(out).not.toMatch(/\u001b\[31m|[\r\u202e]/);
  });

  it('in the import bar on a terminal, a long name cut where a character starts, not inside an emoji', () => {
    delete process.env['CI'];
    // The cut falls between the two halves of 🔥 (U+1F525, \uD83D\uDD25): it moves past it.
    const out = stderrOf(true, () => {
      const bar = importBar(1)!;
      bar.update({ index: 1, total: 1, file: `/scans/${'x'.repeat(50)}🔥${'y'.repeat(38)}`, bytesRead: 10, findings: 1, done: false });
      bar.stop();
    });
    expect(out).toContain(` | …${'y'.repeat(38)}`);
    expect(out).not.toContain('\uDD25');
  });

  it('in the import bar on a terminal, a long name cut to its end', () => {
    delete process.env['CI'];
    const out = stderrOf(true, () => {
      const bar = importBar(1)!;
      bar.update({ index: 1, total: 1, file: `/scans/${'x'.repeat(40)}/${HOSTILE}.json`, bytesRead: 10, findings: 1, done: false });
      bar.stop();
    });
    expect(out).toContain(` | …${`/scans/${'x'.repeat(40)}/${INERT}.json`.slice(-39)}`);
    expect(out).not.toMatch(/\u001b\[31m|[\r\u202e]/);
  });
});
