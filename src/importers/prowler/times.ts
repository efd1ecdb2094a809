import type { Millis } from '../../domain/time.js';
import { statedEpochOrText } from '../fields.js';
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
 * A result's time: ISO 8601 text, or epoch seconds as Prowler writes them
 * (`int(timestamp.timestamp())`), or milliseconds (OCSF's own unit); see statedEpochOrText.
 * Null where the result states no time.
 */
export function resultTime(time: string | number | null, file: string, format: string, jsonPath: string): Millis | null {
  return statedEpochOrText(time, file, format, jsonPath, { seconds: true });
}
