import { Command } from 'commander';
import { runDemo } from '../../app/run-demo.js';
import { renderScorecardText } from '../../renderers/terminal.js';
import { now, settingsFor } from '../context.js';
import { interruptible } from '../interrupt.js';
import { checkOutFolder } from '../out-file.js';
import { colour, println, progress, type Progress } from '../output.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('build an example company, write its raw scanner outputs, import them through the normal importers and write its review')
    .option('--dir <dir>', 'where to write the example inputs and reports', 'secscore-demo')
    .option('--force', 'overwrite files in --dir that an earlier demo did not write (a catalog.yaml or secscore.db of your own)')
    .option('--quiet', 'print only the paths written')
    .addHelpText('after', '\nExamples:\n  $ secscore demo\n  $ secscore demo --dir /tmp/acme && secscore --db /tmp/acme/secscore.db kpis --by area')
    .action(async (opts: { dir: string; force?: boolean; quiet?: boolean }, command: Command) => {
      checkOutFolder('--dir', opts.dir);
      const { settings } = settingsFor(command);
      const explicitDb = command.optsWithGlobals<{ db?: string }>().db ?? process.env['SECSCORE_DB'];
      let bar: Progress | undefined;
      // Ctrl-C stops it between files (or the file's statement): each file imported is in, the one
      // being imported is rolled back; the demo's own database is made anew by the next run.
      const undone = 'the file being imported was rolled back; run the demo again to start over';
      const result = await interruptible(
        undone,
        () => bar?.stop(),
        (signal) =>
          runDemo(settings, {
            signal,
            dir: opts.dir,
            force: opts.force === true,
            ...(explicitDb !== undefined ? { db: explicitDb } : {}),
            now: now(),
            onStep: (s) => {
              if (!opts.quiet) process.stderr.write(`demo: ${s}\n`);
            },
            onFilesKnown: (total) => {
              bar = progress('import', total, { quiet: opts.quiet === true });
            },
            onImport: (p) => {
              if (p.done) bar?.tick(p.file);
            },
          }),
      );
      bar?.stop();
      if (!opts.quiet) {
        if (result.review.scorecard) println(renderScorecardText(result.review.scorecard, colour));
        println('');
        println(`${result.files} scan files, ${result.findings} findings imported into ${result.db}`);
      }
      for (const r of result.reports) println(`wrote ${r}`);
      if (!opts.quiet) println(`explore: npx secscore --db ${result.db} kpis --by area   |   npx secscore --db ${result.db} findings --status all`);
    });
}
