import { describe, expect, it } from 'vitest';
import { SecscoreError } from '../../domain/errors.js';
import { namedTargets } from './repos.js';

const API = 'https://api.github.com';
const KEYS = new Map([['repo:github.com/acme/billing-api', 'billing-api']]);
const names = (entries: string[], org?: string) => namedTargets(entries, org, KEYS, API).map((t) => `${t.owner}/${t.name} ${t.key} ${t.serviceId}`);

describe('the repositories --repos names', () => {
  it.each([
    [['acme/billing-api'], undefined, ['acme/billing-api github.com/acme/billing-api billing-api']],
    [['acme/ledger', ' acme/web.site '], undefined, ['acme/ledger github.com/acme/ledger null', 'acme/web.site github.com/acme/web.site null']],
    [['billing-api', 'other/x'], 'acme', ['acme/billing-api github.com/acme/billing-api billing-api', 'other/x github.com/other/x null']],
    [
      ['https://github.com/acme/billing-api.git', 'github.com/acme/ledger'],
      undefined,
      ['acme/billing-api github.com/acme/billing-api billing-api', 'acme/ledger github.com/acme/ledger null'],
    ],
  ])('takes %j (org %s)', (entries, org, expected) => {
    expect(names(entries, org)).toEqual(expected);
  });

  it.each([
    [[''], undefined, '--repos: an empty entry in ""; expected owner/name, comma-separated'],
    [['', '', ''], 'acme', '--repos: an empty entry in ",,"; expected owner/name or a name of --org, comma-separated'],
    [['acme/billing-api', ' '], undefined, '--repos: an empty entry in "acme/billing-api, "'],
    [['a/b/c'], undefined, '--repos: "a/b/c" is not a repository name; expected owner/name, comma-separated'],
    [['ghe.example.com/acme/x'], undefined, '--repos: "ghe.example.com/acme/x" is not a repository name'],
    [['not a repo'], undefined, '--repos: "not a repo" is not a repository name'],
    [['acme/..'], undefined, '--repos: "acme/.." is not a repository name'],
    [['billing-api'], undefined, '--repos: "billing-api" names no owner; expected owner/name, or --org <org> with it'],
  ])('refuses %j (org %s) as a usage error', (entries, org, message) => {
    let error: unknown = null;
    try {
      namedTargets(entries, org, KEYS, API);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SecscoreError);
    expect((error as SecscoreError).message).toContain(message);
    expect((error as SecscoreError).exitCode).toBe(2);
  });

  it('takes a host-qualified name on the Enterprise Server host it syncs from', () => {
    expect(namedTargets(['ghe.example.com/acme/x'], undefined, KEYS, 'https://ghe.example.com/api/v3').map((t) => t.key)).toEqual(['ghe.example.com/acme/x']);
  });
});
