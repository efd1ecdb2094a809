import { describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import { bufferSource } from '../source.js';
import { detectExceptions, readExceptions } from './read-exceptions.js';

const read = (text: string) => readExceptions(bufferSource('exceptions.yaml', text));

async function failure(text: string): Promise<InputError> {
  const error = await read(text).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

const ONE = `id: EX-1
scope:
  fingerprint: 3f2a9c
reason: vendor fix pending
owner: team-billing
approver: ciso
starts_at: 2026-07-05
expires_at: 2026-10-15T12:00:00Z
backlog: SEC-101
compensating_controls: WAF rule 4711
status: approved
`;

describe('reading exceptions as code', () => {
  it('reads every field of an exception', async () => {
    const { exceptions, warnings } = await read(ONE);
    expect(warnings).toEqual([]);
    expect(exceptions).toEqual([
      {
        record: {
          id: 'EX-1',
          scope: { fingerprint: '3f2a9c' },
          reason: 'vendor fix pending',
          owner: 'team-billing',
          approver: 'ciso',
          startsAt: Date.UTC(2026, 6, 5),
          expiresAt: Date.UTC(2026, 9, 15, 12),
          backlog: 'SEC-101',
          compensatingControls: 'WAF rule 4711',
          status: 'approved',
        },
        place: { entity: 'EX-1', line: 1, column: 1 },
      },
    ]);
  });

  it.each([
    ['one exception per document', `${ONE}---\n${ONE.replace('EX-1', 'EX-2')}`, ['EX-1', 'EX-2']],
    [
      'a list in a document',
      `- id: A\n  scope: { service: s, rule: r1 }\n  starts_at: 2026-01-01\n  status: approved\n- id: B\n  scope: { service: s, cve: CVE-2021-1 }\n  starts_at: 2026-01-01\n  status: revoked\n`,
      ['A', 'B'],
    ],
    ['an "exceptions:" list', `exceptions:\n  - id: A\n    scope: { service: s, rule: r1 }\n    starts_at: 2026-01-01\n    status: approved\n`, ['A']],
    [
      'documents of every form in one file',
      `${ONE}---\n- id: L1\n  scope: { service: s, rule: r }\n  starts_at: 2026-01-01\n  status: approved\n---\nexceptions: []\n`,
      ['EX-1', 'L1'],
    ],
  ])('reads %s', async (_what, text, ids) => {
    const { exceptions } = await read(text);
    expect(exceptions.map((e) => e.record.id)).toEqual(ids);
  });

  it('upper-cases a CVE scope and joins a list of compensating controls', async () => {
    const { exceptions } = await read(
      'id: A\nscope: { service: s, cve: cve-2021-44228 }\nstarts_at: 2026-01-01\ncompensating_controls: [WAF, feature flag off]\nstatus: approved\n',
    );
    expect(exceptions[0]!.record).toMatchObject({
      scope: { service: 's', cve: 'CVE-2021-44228' },
      compensatingControls: 'WAF; feature flag off',
      expiresAt: null,
      owner: null,
    });
  });

  it('warns about a file that holds no exceptions', async () => {
    expect(await read('# nothing yet\n')).toEqual({ exceptions: [], warnings: ['the file holds no exceptions'] });
  });

  it.each([
    [
      'a scope with neither fingerprint nor service',
      'id: A\nscope: { rule: r }\nstarts_at: 2026-01-01\nstatus: approved\n',
      /entity A, line 2.*scope: give either fingerprint, or service with rule or cve/,
    ],
    [
      'a service scope without rule or cve',
      'id: A\nscope: { service: s }\nstarts_at: 2026-01-01\nstatus: approved\n',
      /scope: service "s" needs a rule or a cve beside it/,
    ],
    [
      'a fingerprint scope with a service beside it',
      'id: A\nscope: { fingerprint: f, service: s }\nstarts_at: 2026-01-01\nstatus: approved\n',
      /a fingerprint scope stands alone: remove "service"/,
    ],
    ['both rule and cve', 'id: A\nscope: { service: s, rule: r, cve: CVE-2021-1 }\nstarts_at: 2026-01-01\nstatus: approved\n', /give rule or cve, not both/],
    [
      'a status that is neither approved nor revoked',
      'id: A\nscope: { fingerprint: f }\nstarts_at: 2026-01-01\nstatus: pending\n',
      /entity A, line 4.*column\/field "status"/,
    ],
    [
      'a start that is not a time',
      'id: A\nscope: { fingerprint: f }\nstarts_at: next week\nstatus: approved\n',
      /column\/field "starts_at"\): .*must be an ISO 8601 timestamp/,
    ],
    [
      'an expiry before the start',
      'id: A\nscope: { fingerprint: f }\nstarts_at: 2026-02-01\nexpires_at: 2026-01-01\nstatus: approved\n',
      /line 4.*"expires_at"\): expires_at must be after starts_at/,
    ],
    ['an unknown key', 'id: A\nscope: { fingerprint: f }\nstarts_at: 2026-01-01\nstatus: approved\nexpiry: 2027-01-01\n', /line 5.*"expiry"/],
    ['the same id twice', `${ONE}---\n${ONE}`, /entity EX-1, line 13.*exception id "EX-1" is used twice in this file \(first at line 1\)/],
    [
      'an exception without an id, named by its number',
      '- id: A\n  scope: { fingerprint: f }\n  starts_at: 2026-01-01\n  status: approved\n- scope: { fingerprint: g }\n  starts_at: 2026-01-01\n  status: approved\n',
      /entity #2 in the file, line 5/,
    ],
  ])('rejects %s, naming the exception, the line and the field', async (_what, text, message) => {
    const error = await failure(text);
    expect(error.message).toMatch(/^exceptions\.yaml: invalid exceptions YAML input/);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['a block scope', 'exceptions.yaml', ONE, 95],
    ['a flow scope', 'risk.yml', 'id: A\nscope: { service: s, cve: CVE-2021-1 }\n', 95],
    ['an "exceptions:" list', 'x.yaml', 'exceptions:\n  - id: A\n    scope: { service: s, rule: r }\n    expires_at: 2027-01-01\n', 95],
    ['a Backstage catalog', 'catalog-info.yaml', 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: billing\nspec:\n  owner: team\n', 0],
    [
      'a GitHub workflow',
      'ci.yml',
      'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - id: checkout\n        uses: actions/checkout@v4\n',
      0,
    ],
  ])('detects %s', (_what, path, head, score) => {
    expect(detectExceptions({ path, head })).toBe(score);
  });
});
