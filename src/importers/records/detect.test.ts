import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fileSource } from '../source.js';
import { detectRecordKind, headerNames } from './detect.js';
import { RECORD_KINDS } from './kinds.js';
import type { RecordKind, RecordKindId } from './record-kind.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(HERE, 'fixtures');
const kinds = Object.entries(RECORD_KINDS) as [RecordKindId, RecordKind][];

/** The detectable fixtures: `<kind>.csv|jsonl` and `<kind>-<variant>.csv|jsonl`, not the bad ones. */
const samples = readdirSync(FIXTURES)
  .filter((name) => /\.(csv|jsonl)$/.test(name) && !name.startsWith('bad-'))
  .map((name) => [kinds.map(([id]) => id).find((id) => name.startsWith(`${id}.`) || name.startsWith(`${id}-`))!, name] as const);

const detected = (head: string) => kinds.map(([id, kind]) => [id, detectRecordKind(kind, { path: 'x', head })] as const).filter(([, s]) => s > 0);

describe('record kind detection', () => {
  it('has a sample of every kind', () => {
    expect(new Set(samples.map(([id]) => id))).toEqual(new Set(Object.keys(RECORD_KINDS)));
  });

  it.each(samples)('detects %s from the columns of %s, every other kind scoring lower', async (id, name) => {
    const source = await fileSource(join(FIXTURES, name));
    const own = detectRecordKind(RECORD_KINDS[id], source);
    expect(own).toBeGreaterThanOrEqual(50);
    for (const [other, kind] of kinds) if (other !== id) expect(detectRecordKind(kind, source), other).toBeLessThan(own);
  });

  it.each([
    ['a file without a required column', 'rule,service,fired_at,disposition\n'],
    ['the native catalog CSV', 'id,name,area,line,tier,internet_exposed,owner,repos\n'],
    ['mostly unrelated columns', 'id,severity,host,port,plugin,cvss,solution\n'],
    ['a single column', 'id\nINC-1\n'],
    ['a pretty-printed JSON document', '{\n  "id": "INC-1",\n  "severity": "sev1"\n}\n'],
    ['a SARIF log on one line', '{"version":"2.1.0","runs":[]}\n'],
    ['plain text', 'just some text\n'],
    ['nothing', ''],
  ])('detects no kind in %s', (_what, head) => {
    expect(detected(head)).toEqual([]);
  });

  it('reads the names of each head it is given, one after another, whatever was done with the last ones', () => {
    const csv = 'id,service,opened_at\n1,a,2026-09-01';
    const first = headerNames(csv)!;
    expect(first).toEqual(['id', 'service', 'opened_at']);
    first.push('changed');
    expect(headerNames(csv)).toEqual(['id', 'service', 'opened_at']);
    expect(headerNames('{\n  "runs": []\n}')).toBeNull();
    expect(headerNames('\n\n  \r\nrepo,day\n')).toEqual(['repo', 'day']);
    expect(headerNames(csv)).toEqual(['id', 'service', 'opened_at']);
    expect(headerNames('  \n \n')).toBeNull();
  });

  it('reads the header of CSV and the keys of the first JSON line', () => {
    expect(headerNames('\uFEFF"Started At", id ,release\r\nx,y,z')).toEqual(['Started At', 'id', 'release']);
    expect(headerNames('\n{"repo":"a","day":"2026-09-01","count":1}\n{"other":1}')).toEqual(['repo', 'day', 'count']);
  });

  it('tells the snapshot kinds with few columns apart', () => {
    expect(detected('service,at,shipped,retained_days\n').map(([id]) => id)).toEqual(['logging']);
    expect(detected('service,at,standard_roles\n').map(([id]) => id)).toEqual(['iam']);
    expect(detected('repo,day,count\n').map(([id]) => id)).toEqual(['commits']);
  });
});
