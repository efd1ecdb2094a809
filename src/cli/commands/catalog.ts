import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { Command } from 'commander';
import { expandPaths } from '../../app/expand-paths.js';
import { termText } from '../../domain/text.js';
import { readCatalog } from '../../importers/catalog/read-catalog.js';
import { withStore } from '../context.js';
import { printJson, println } from '../output.js';

export function catalogCommand(): Command {
  const catalog = new Command('catalog').description('the service catalog: services, product areas, product lines');
  catalog
    .command('import')
    .description('load Backstage catalog-info.yaml files or the native catalog (YAML or CSV); re-importing updates')
    .argument('<files...>', 'files or directories (directories are searched for .yaml, .yml and .csv files)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ secscore catalog import catalog-info.yaml\n  $ secscore catalog import services.csv\n  $ secscore catalog import ./backstage/',
    )
    .action(async (paths: string[], opts: { json?: boolean }, command: Command) => {
      const files = await expandPaths(paths, { accept: (f) => /\.(ya?ml|csv)$/i.test(f), what: 'catalog files (.yaml, .yml or .csv)' });
      const texts = await Promise.all(files.map(async (path) => ({ path, text: await readFile(path, 'utf8') })));
      const { catalog: parsed, warnings } = readCatalog(texts);
      const sha256 = createHash('sha256')
        .update(texts.map((t) => t.text).join('\0'))
        .digest('hex');
      // One transaction: Ctrl-C rolls it back whole.
      const counts = await withStore(command, (store) => store.saveCatalog(parsed, { kind: 'catalog', format: 'catalog', file: files.join(', '), sha256 }), {
        interruptible: 'the catalog was left as it was',
      });
      // A warning quotes the catalog's own text (a file name, an entity's name or reference): kept inert on a terminal.
      for (const w of warnings) process.stderr.write(`warning: ${termText(w)}\n`);
      if (opts.json) printJson({ files, ...counts, warnings });
      else
        println(
          `catalog: ${counts.services} services in ${counts.areas} areas and ${counts.lines} product lines from ${files.length} file${files.length === 1 ? '' : 's'}`,
        );
    });
  return catalog;
}
