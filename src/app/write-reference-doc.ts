import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DOC_PATH, renderKpiReference } from '../kpis/reference-doc.js';

/** `npm run docs`: writes docs/kpis.md from the KPI catalog (run from the repository root). */
const path = join(process.cwd(), REFERENCE_DOC_PATH);
writeFileSync(path, renderKpiReference());
process.stdout.write(`wrote ${REFERENCE_DOC_PATH}\n`);
