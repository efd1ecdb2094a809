import type { CorpusSpec } from '../test-support/corpus-spec.js';

const SARIF_NOTE =
  'SARIF level "note" is mapped to low (error→high, warning→medium, note→low, none→info): a note is still a failing result the tool reports, and SARIF keeps "none" for informational ones; DefectDojo maps note to Info.';
const SARIF_FILE_URI =
  'secscore stores a path, not a URI: "file://" is stripped (and %-escapes decoded) so that SARIF locations match the paths other tools report; DefectDojo keeps the URI as written.';

/** The corpus formats this importer answers for, and where it deliberately differs from DefectDojo. */
export const corpus: CorpusSpec = {
  formats: ['sarif'],
  differences: [
    {
      file: 'scans/sarif/bash-report.sarif',
      index: 0,
      field: 'file_path',
      dojo: 'file:///home/damien/dd/docker/setEnv.sh',
      secscore: '/home/damien/dd/docker/setEnv.sh',
      reason: SARIF_FILE_URI,
    },
    { file: 'scans/sarif/bash-report.sarif', index: 6, field: 'severity', dojo: 'Info', secscore: 'low', reason: SARIF_NOTE },
    {
      file: 'scans/sarif/dependency_check.sarif',
      index: 0,
      field: 'file_path',
      dojo: 'file:////src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/handlebars-1.0.0.js',
      secscore: '/src/.venv/lib/python3.9/site-packages/tastypie_swagger/static/tastypie_swagger/js/lib/handlebars-1.0.0.js',
      reason: SARIF_FILE_URI,
    },
    { file: 'scans/sarif/flawfinder.sarif', index: 20, field: 'severity', dojo: 'Info', secscore: 'low', reason: SARIF_NOTE },
    {
      file: 'scans/sarif/taint-python-report.sarif',
      index: 0,
      field: 'file_path',
      dojo: 'file:///home/damien/dd/dojo/tools/veracode/parser.py',
      secscore: '/home/damien/dd/dojo/tools/veracode/parser.py',
      reason: SARIF_FILE_URI,
    },
    {
      file: 'scans/sarif/taint-python-report.sarif',
      index: 2,
      field: 'file_path',
      dojo: 'file:///home/damien/dd/dojo/tools/qualys_infrascan_webgui/parser.py',
      secscore: '/home/damien/dd/dojo/tools/qualys_infrascan_webgui/parser.py',
      reason: SARIF_FILE_URI,
    },
  ],
};
