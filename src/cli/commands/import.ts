import { Command, Option } from 'commander';
import { expandPaths } from '../../app/expand-paths.js';
import { importFiles, isRecordReport, isSkippedFile, listInputFormats, type ImportReport } from '../../app/import-files.js';
import { InputError, SecscoreError, type Place } from '../../domain/errors.js';
import { CATEGORIES, type Category } from '../../domain/severity.js';
import { parseTimestamp } from '../../domain/time.js';
import { termText } from '../../domain/text.js';
import { now, withStore } from '../context.js';
import { importBar, printJson, println } from '../output.js';

interface ImportFlags {
  format?: string;
  service?: string;
  category?: Category;
  scannedAt?: string;
  partial?: boolean;
  json?: boolean;
  listFormats?: boolean;
}

export function importCommand(): Command {
  return new Command('import')
    .description(
      'import scanner outputs, operational records, exceptions and exploitability data (kind and format detected from the content); each file is one atomic, idempotent import',
    )
    .argument('[files...]', 'files or directories')
    .option('--format <id>', 'skip detection: the format of every file (see --list-formats)')
    .option('--service <id>', 'the catalog service the files belong to (default: from the repository, image or account the file names)')
    .addOption(new Option('--category <c>', 'override the scan category').choices([...CATEGORIES]))
    .option('--scanned-at <iso>', 'scan time for files that carry none (default: now)')
    .option('--partial', 'a partial snapshot: opens findings but fixes none')
    .option('--json', 'print one JSON object per file')
    .option('--list-formats', 'list the format ids and exit')
    .addHelpText(
      'after',
      "\nFiles, directories (read recursively) and glob patterns (quote them: secscore expands them) may be mixed.\n\nExamples:\n  $ secscore import results.sarif\n  $ secscore import 'scans/**/*.json'\n  $ secscore import scans/ --service billing-api\n  $ secscore import trivy.json --scanned-at 2026-09-30T12:00:00Z --json",
    )
    .action(async (paths: string[], opts: ImportFlags, command: Command) => {
      if (opts.listFormats) {
        const formats = listInputFormats();
        if (opts.json) printJson(formats);
        else for (const f of formats) println(`${f.id.padEnd(28)} ${f.name} — ${f.kind}`);
        return;
      }
      if (paths.length === 0) throw new SecscoreError('USAGE', 'import: name at least one file (or use --list-formats)');
      let scannedAt: number | undefined;
      if (opts.scannedAt !== undefined) {
        const t = parseTimestamp(opts.scannedAt);
        if (t === null) throw new SecscoreError('USAGE', `--scanned-at: expected an ISO 8601 timestamp, got "${opts.scannedAt}"`);
        scannedAt = t;
      }
      const files = await expandPaths(paths);
      await withStore(
        command,
        async (store, _loaded, signal) => {
          const bar = importBar(files.length, { quiet: opts.json === true });
          // Without a bar, each file's line is printed as soon as the file is in; with one, at the end.
          const pending: ImportReport[] = [];
          // --json: the files stored so far, and the one being imported (named with its error if it fails).
          const stored: ImportReport[] = [];
          let current: string | null = null;
          try {
            await importFiles(
              store,
              files,
              {
                ...(opts.format !== undefined ? { format: opts.format } : {}),
                ...(opts.service !== undefined ? { service: opts.service } : {}),
                ...(opts.category !== undefined ? { category: opts.category } : {}),
                ...(scannedAt !== undefined ? { scannedAt } : {}),
                partial: opts.partial === true,
                found: new Set(files.filter((f) => !paths.includes(f))),
                now: now(),
                ...(signal !== undefined ? { signal } : {}),
              },
              (p) => {
                bar?.update(p);
                current = p.done ? null : p.file;
                if (!p.done || !p.report) return;
                if (opts.json) stored.push(p.report);
                else if (bar) pending.push(p.report);
                else printReport(p.report);
              },
            );
            bar?.stop();
            if (opts.json) return printJson(stored);
            for (const r of pending) printReport(r);
            pending.length = 0;
          } catch (err) {
            // A script must learn what was stored before the failure: the files in, then the failed one.
            if (opts.json && current !== null) printJson([...stored, failedFile(current, err)]);
            throw err;
          } finally {
            bar?.stop();
            // A failing file stops the import: the files before it are in, and say so.
            for (const r of pending) printReport(r);
          }
        },
        { interruptible: 'the file being imported was rolled back (the files before it are in)' },
      );
    });
}

/** The `import --json` element of the file whose import failed (nothing of it is stored). */
function failedFile(file: string, err: unknown): { file: string; error: string; place?: Place } {
  const error = err instanceof Error ? err.message : String(err);
  return err instanceof InputError && Object.keys(err.place).length > 0 ? { file, error, place: err.place } : { file, error };
}

/** A file's warnings on stderr; they quote the file's own text (a finding's title), kept inert on a terminal. */
function warn(file: string, warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`warning: ${termText(file)}: ${termText(w)}\n`);
}

/** A file's line on stdout: its name (anyone can name a file found in a folder) and the service ids printed inert. */
function printReport(r: ImportReport): void {
  const file = termText(r.file);
  if (isSkippedFile(r)) {
    println(`${file}: skipped: ${termText(r.skipped[0]!.reason)}`);
    return;
  }
  if (isRecordReport(r)) {
    println(`${file}: ${r.format} → ${r.records} ${r.kind} records (${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged)`);
    warn(r.file, r.warnings);
    return;
  }
  const service = termText(Array.isArray(r.service) ? r.service.join(', ') : r.service);
  println(
    `${file}: ${r.format} → ${service} at ${r.scannedAt}: ${r.findings} findings (${r.opened} opened, ${r.fixed} fixed, ${r.reopened} reopened, ${r.unchanged} unchanged)${
      r.skipped.length ? `, ${r.skipped.length} skipped` : ''
    }`,
  );
  warn(r.file, r.warnings);
}
