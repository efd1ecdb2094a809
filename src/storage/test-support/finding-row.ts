import type { Insertable } from 'kysely';
import type { DB } from '../schema.js';

/** A `findings` row as tests insert it straight into the table: every attribute empty but those given. */
export function findingRow(
  over: Partial<Insertable<DB['findings']>> & Pick<Insertable<DB['findings']>, 'service_id' | 'tool' | 'fingerprint'>,
): Insertable<DB['findings']> {
  return {
    category: 'sast',
    severity: 'high',
    title: 'x',
    rule_id: null,
    vulnerability_ids: '[]',
    cwes: '[]',
    file_path: null,
    line_number: null,
    component_name: null,
    component_version: null,
    fix_version: null,
    fix_available_at: null,
    description: null,
    false_positive: false,
    exploit_available: false,
    secret_hash: null,
    secret_preview: null,
    attributes_at: 1,
    ...over,
  };
}
