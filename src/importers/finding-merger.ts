import type { RawFinding } from '../domain/finding.js';
import type { ParseItem, SkipItem } from './types.js';

/**
 * Folds records a tool lists once per location (Grype once per path, Snyk once per dependency
 * path) into one finding per key: the first record is kept and counted once more for each repeat,
 * its locations listed in the description. Findings and skips come out in the order of their first
 * occurrence.
 */
export interface FindingMerger {
  add(key: string, finding: RawFinding, locations: readonly string[]): void;
  skip(item: SkipItem): void;
  /** The merged items; `label` heads the list of locations where a finding has more than `listFrom`. */
  items(label: string, listFrom: number, placement: 'before' | 'after'): ParseItem[];
}

export function findingMerger(): FindingMerger {
  const merged = new Map<string, { finding: RawFinding; locations: string[] }>();
  const order: (string | SkipItem)[] = [];
  return {
    add(key, finding, locations) {
      const earlier = merged.get(key);
      if (earlier) {
        earlier.finding.occurrences++;
        for (const l of locations) if (!earlier.locations.includes(l)) earlier.locations.push(l);
        return;
      }
      merged.set(key, { finding, locations: [...new Set(locations)] });
      order.push(key);
    },
    skip(item) {
      order.push(item);
    },
    items(label, listFrom, placement) {
      return order.map((entry): ParseItem => {
        if (typeof entry !== 'string') return entry;
        const { finding, locations } = merged.get(entry)!;
        const listed = locations.length >= listFrom ? `${label}:\n${locations.map((l) => `- ${l}`).join('\n')}` : null;
        const parts = placement === 'before' ? [listed, finding.description] : [finding.description, listed];
        return { kind: 'finding', finding: { ...finding, description: parts.filter(Boolean).join('\n\n') || null } };
      });
    },
  };
}
