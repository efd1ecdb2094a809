import cliProgress from 'cli-progress';
import pc from 'picocolors';
import { termText } from '../domain/text.js';
import { safeJson } from '../renderers/json.js';

export const isTty = (): boolean => process.stdout.isTTY === true && process.env['CI'] === undefined;

/** Every --json output as the report's JSON: `<`, `>` and `&` of untrusted text as \u escapes (safeJson). */
export function printJson(value: unknown): void {
  process.stdout.write(`${safeJson(value)}\n`);
}

export function println(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A bar's label: a file or repository name, untrusted, printed inert (termText) and cut to its
 * last `max` characters.
 */
function barLabel(raw: string, max: number): string {
  const label = termText(raw);
  if (label.length <= max) return label;
  // Cut where a character starts: not between the two halves of a surrogate pair (an emoji).
  let from = label.length - (max - 1);
  const unit = label.charCodeAt(from);
  if (unit >= 0xdc00 && unit <= 0xdfff) from++;
  return `…${label.slice(from)}`;
}

/** Progress for long work: a bar on a terminal; one line per step otherwise (or nothing with quiet). Labels are printed inert. */
export interface Progress {
  tick(label: string, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function progress(title: string, total: number, options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) return { tick() {}, stop() {} };
  if (!process.stderr.isTTY || process.env['CI'] !== undefined) {
    let n = 0;
    return {
      tick(label) {
        n++;
        // Not on a terminal: a line every ~10 % so logs stay readable.
        if (total <= 20 || n === total || n % Math.ceil(total / 10) === 0) process.stderr.write(`${title}: ${n}/${total} ${termText(label)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${title} [{bar}] {value}/{total} {label}`, barsize: 24, hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label: '' });
  return {
    tick(label, payload) {
      bar.increment(1, { label: barLabel(label, 50), ...payload });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * The progress of `import`: on a terminal, a bar of files done with the findings read and the
 * throughput (MB/s), updated while a big file is read; elsewhere nothing (the command prints a
 * line per file as each one is done).
 */
export interface ImportBar {
  update(p: { index: number; total: number; file: string; bytesRead: number; findings: number; done: boolean }): void;
  stop(): void;
}

export function importBar(total: number, options: { quiet?: boolean } = {}): ImportBar | null {
  if (options.quiet || !process.stderr.isTTY || process.env['CI'] !== undefined) return null;
  const bar = new cliProgress.SingleBar(
    {
      format: 'import [{bar}] {value}/{total} files | {findings} findings | {rate} MB/s | {label}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let doneBytes = 0;
  let doneFindings = 0;
  bar.start(total, 0, { findings: 0, rate: '0.0', label: '' });
  return {
    update(p) {
      const bytes = doneBytes + p.bytesRead;
      const findings = doneFindings + p.findings;
      if (p.done) {
        doneBytes = bytes;
        doneFindings = findings;
      }
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(p.done ? p.index : p.index - 1, {
        findings: findings.toLocaleString('en-US'),
        rate: (bytes / 1e6 / seconds).toFixed(1),
        label: barLabel(p.file, 40),
      });
    },
    stop() {
      bar.stop();
    },
  };
}

/** Colour helpers: colour is never the only signal, the label is always printed too. */
export const colour = {
  good: (s: string) => (isTty() ? pc.green(s) : s),
  warn: (s: string) => (isTty() ? pc.yellow(s) : s),
  bad: (s: string) => (isTty() ? pc.red(s) : s),
  dim: (s: string) => (isTty() ? pc.dim(s) : s),
  bold: (s: string) => (isTty() ? pc.bold(s) : s),
};
