import { describe, expect, it } from 'vitest';
import { cweNumbers, shorten, vulnerabilityIdsIn } from './fields.js';

describe('field normalisers', () => {
  it.each([
    [
      ['CWE-79', 'cwe-079', 'external/cwe/cwe-79', 89, '862', 'not a cwe', 'CWE-', 0],
      [79, 89, 862],
    ],
    [[], []],
  ])('reads CWE numbers from %j', (input, expected) => {
    expect(cweNumbers(input)).toEqual(expected);
  });

  it('finds vulnerability ids in text, deduplicated and normalised', () => {
    expect(vulnerabilityIdsIn(['fix cve-2021-44228 and GHSA-JFH8-C2JP-5V3Q', 'CVE-2021-44228', null, 'PYSEC-2021-19 GO-2022-0969'])).toEqual([
      'CVE-2021-44228',
      'GHSA-jfh8-c2jp-5v3q',
      'PYSEC-2021-19',
      'GO-2022-0969',
    ]);
  });

  it('shortens like textwrap.shorten', () => {
    expect(shorten('a  b\n c', 10)).toBe('a b c');
    expect(shorten('hello world again and again', 17)).toBe('hello world [...]');
    expect(shorten('hello world again and again', 16)).toBe('hello [...]');
    for (const text of ['', 'a b', ' a', 'a ', 'a\tb', 'a\u00a0b', 'a\u2028b', 'ab  c', 'é b'])
      expect(shorten(text, 10), JSON.stringify(text)).toBe(text.split(/\s+/).filter(Boolean).join(' '));
  });
});
