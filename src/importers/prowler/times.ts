import { InputError } from '../../domain/errors.js';
import type { Millis } from '../../domain/time.js';
import { statedTime } from '../fields.js';
import type { ProwlerV4Result } from './schema.js';

/**
 * The first time a Prowler 4+ result states, and its field: ISO 8601 text before epoch numbers
 * (Prowler 4.0–4.2 wrote `event_time`; later versions `time` and `finding_info.created_time` as
 * epoch seconds beside `time_dt` and `finding_info.created_time_dt`, see v4ResultSchema).
 */
export function v4Time(r: ProwlerV4Result): { time: string | number | null; timeField: string } {
  const candidates: [string | number | null | undefined, string][] = [
    [r.event_time, 'event_time'],
    [r.time_dt, 'time_dt'],
    [r.finding_info?.created_time_dt, 'finding_info.created_time_dt'],
    [r.time, 'time'],
    [r.finding_info?.created_time, 'finding_info.created_time'],
  ];
  for (const [time, timeField] of candidates) if (time !== null && time !== undefined && time !== '') return { time, timeField };
  return { time: null, timeField: 'time' };
}

/**
 * A result's time: ISO 8601 text through `statedTime`, or epoch seconds as Prowler writes them
 * (`int(timestamp.timestamp())`) from 1973 (1e8) on; a number of 1e11 or more is taken as
 * milliseconds (OCSF's own unit) up to 2286 (1e13). Any other number is an error at its place:
 * no unit is guessed for it. Null where the result states no time.
 */
export function resultTime(time: string | number | null, file: string, format: string, jsonPath: string): Millis | null {
  if (typeof time !== 'number') return statedTime(time, file, format, jsonPath);
  if (Number.isInteger(time) && time >= 1e8 && time < 1e11) return time * 1000;
  if (Number.isInteger(time) && time >= 1e11 && time < 1e13) return time;
  throw new InputError(file, format, { jsonPath }, `expected epoch seconds (or milliseconds) or an ISO 8601 timestamp, got ${time}`);
}
