import { describe, expect, it } from 'vitest';
import { isCalendarDay, parseTimestamp } from './time.js';

describe('parseTimestamp', () => {
  it('reads ISO 8601 days and timestamps, without a zone as UTC', () => {
    expect(parseTimestamp('2026-03-02')).toBe(Date.UTC(2026, 2, 2));
    expect(parseTimestamp('2026-03-02T10:30:00')).toBe(Date.UTC(2026, 2, 2, 10, 30));
    expect(parseTimestamp('2026-03-02T10:30:00+02:00')).toBe(Date.UTC(2026, 2, 2, 8, 30));
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it.each<[string, number]>([
    // Days, and times to the minute or the second, with 'T' or a space (Python's str(datetime), DefectDojo).
    ['2026-03-02', Date.UTC(2026, 2, 2)],
    ['2026-03-02T10:30', Date.UTC(2026, 2, 2, 10, 30)],
    ['2026-03-02T10:30Z', Date.UTC(2026, 2, 2, 10, 30)],
    ['2026-03-02 10:30:15', Date.UTC(2026, 2, 2, 10, 30, 15)],
    ['2026-03-02t10:30:15z', Date.UTC(2026, 2, 2, 10, 30, 15)],
    ['  2026-03-02T10:30:15Z\n', Date.UTC(2026, 2, 2, 10, 30, 15)],
    ['2026-03-02T00:00:00Z', Date.UTC(2026, 2, 2)],
    ['2026-03-02T23:59:59Z', Date.UTC(2026, 2, 2, 23, 59, 59)],
    // Fractions of a second after '.' or ',', of any length (Grype and Trivy write nanoseconds), cut to milliseconds.
    ['2026-03-02T10:30:15.5Z', Date.UTC(2026, 2, 2, 10, 30, 15, 500)],
    ['2026-03-02T10:30:15,25Z', Date.UTC(2026, 2, 2, 10, 30, 15, 250)],
    ['2024-04-10T11:05:22.636338786Z', Date.UTC(2024, 3, 10, 11, 5, 22, 636)],
    ['2024-01-01T00:00:00.9999Z', Date.UTC(2024, 0, 1, 0, 0, 0, 999)],
    ['2023-04-25T23:49:42.744599', Date.UTC(2023, 3, 25, 23, 49, 42, 744)],
    // Zones: Z, ±hh, ±hh:mm, ±hhmm.
    ['2026-03-02T10:30:00+02', Date.UTC(2026, 2, 2, 8, 30)],
    ['2026-03-02T10:30:00-05:30', Date.UTC(2026, 2, 2, 16, 0)],
    ['2026-03-02T10:30:00+0200', Date.UTC(2026, 2, 2, 8, 30)],
    ['2026-03-02 10:30:00.123456+00:00', Date.UTC(2026, 2, 2, 10, 30, 0, 123)],
    ['2021-05-20T11:11:01.667748+03:00', Date.UTC(2021, 4, 20, 8, 11, 1, 667)],
    ['2026-03-02T00:30:00+01:00', Date.UTC(2026, 2, 1, 23, 30)],
    // Years below 100 are those years, not 1900 and after.
    ['0099-12-31', Date.parse('0099-12-31T00:00:00Z')],
  ])('accepts %j', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
    // As the platform reads ISO 8601 where it reads it at all.
    const iso = /T\d\d:\d\d:\d\d(\.\d{3})?(Z|[+-]\d\d:\d\d)$/.test(text) ? Date.parse(text) : null;
    if (iso !== null) expect(parseTimestamp(text)).toBe(iso);
  });

  it.each([
    // Days not in the calendar.
    '2026-02-30',
    '2026-02-29',
    '2026-04-31T00:00:00Z',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2100-02-29',
    // Times of day out of range.
    '2026-03-02T24:00:00Z',
    '2026-03-02T24:00',
    '2026-03-02T25:00:00',
    '2026-03-02T10:60:00Z',
    '2026-03-02T10:30:60Z',
    '2026-03-02T10:30:99',
    '2026-03-02T10:30:00+24:00',
    '2026-03-02T10:30:00+02:60',
    // Anything after the timestamp.
    '2026-03-02T10:30:00Z garbage',
    '2026-03-02T10:30:00Zjunk',
    '2026-03-02 at noon',
    '2026-03-02x',
    '2026-03-02T10:30:00.',
    '2026-03-02T10:30:00+02:00:00',
    '2022-06-16 10:17:40 -0700 -0700',
    // A zone on a bare date.
    '2026-03-02Z',
    '2026-03-02+02:00',
    '2026-03-02-0500',
    // Bare numbers: epoch seconds or milliseconds, or a basic-format date.
    '1700000000',
    '1700000000000',
    '20260302',
    // Shapes that are not ISO 8601 (or not of this profile).
    '2026-03-02T10',
    '2026-3-2',
    '2026-03-02T1:30:00',
    '2026-03-02T10:30:15.5.6Z',
    '02/03/2026',
    'Tue, 12 May 2020 20:57:30',
    'None',
    'garbage',
    '',
    '   ',
  ])('rejects %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });

  it.each([1700000000000, 0, Number.NaN, null, undefined, true, {}, ['2026-03-02']])('rejects the value %j that is not text', (value) => {
    expect(parseTimestamp(value)).toBeNull();
  });

  it('takes a Date (a YAML timestamp) as it is, and refuses an invalid one', () => {
    expect(parseTimestamp(new Date(Date.UTC(2026, 8, 30)))).toBe(Date.UTC(2026, 8, 30));
    expect(parseTimestamp(new Date(Number.NaN))).toBeNull();
  });
});

describe('isCalendarDay', () => {
  it('knows month lengths and leap years, those before 1900 too', () => {
    expect(['2024-02-29', '2000-02-29', '0000-02-29', '0096-02-29', '2026-12-31', '2026-04-30'].every(isCalendarDay)).toBe(true);
    expect(['1900-02-29', '2026-02-29', '0100-02-29', '2026-06-31', '2026-1-01'].some(isCalendarDay)).toBe(false);
  });
});
