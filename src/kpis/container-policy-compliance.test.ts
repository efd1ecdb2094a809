import type { ScanFact } from '../domain/facts.js';
import type { Category } from '../domain/severity.js';
import { containerPolicyCompliance } from './container-policy-compliance.js';
import { describeKpiCases } from './test-support/kpi-cases.js';
import { d, END, interval, P, service } from './test-support/kpi-input.js';

const DAY = 86_400_000;
const scan = (serviceId: string, scannedAt: number, category: Category = 'container'): ScanFact => ({ serviceId, tool: 'trivy', category, scannedAt });
const vuln = (over: Parameters<typeof interval>[0]) => interval({ category: 'container', tool: 'trivy', ...over });
// a: tier 1 (critical SLA 14 d); b: tier 0 (7 d); c, d: tier 2.
const services = [service('a', { tier: 1 }), service('b', { tier: 0 }), service('c', { tier: 2 }), service('d', { tier: 2 })];

describeKpiCases(containerPolicyCompliance, [
  {
    name: 'shares images scanned in [end - 30 d, end) without an open, overdue, fixable critical',
    // images: a (scanned end - 1 d), b (scanned exactly end - 30 d). Not images: d (end - 30 d - 1 ms), c (only an sca scan, and a container scan at end).
    // a: critical opened 40 d before P (crosses the start), fix available d(5), open: due long before end -> not compliant.
    // b: critical not yet overdue (opened end - 3 d, due end + 4 d); critical with no fixed version; overdue fixable high; all fine.
    // c: overdue fixable critical, but c is not a scanned image. 1 of 2 compliant: 50
    services,
    scans: [scan('a', END - DAY), scan('b', END - 30 * DAY), scan('d', END - 30 * DAY - 1), scan('c', d(80), 'sca'), scan('c', END)],
    intervals: [
      vuln({ findingId: 1, serviceId: 'a', openedAt: P.start - 40 * DAY, fixAvailableAt: d(5) }),
      vuln({ findingId: 2, serviceId: 'b', openedAt: END - 3 * DAY, fixAvailableAt: d(1) }),
      vuln({ findingId: 3, serviceId: 'b', openedAt: d(0) }),
      vuln({ findingId: 4, serviceId: 'b', severity: 'high', openedAt: d(0), fixAvailableAt: d(0) }),
      vuln({ findingId: 5, serviceId: 'c', openedAt: d(0), fixAvailableAt: d(0) }),
    ],
    expect: { value: 50, n: 2, details: { images: 2, with_overdue_fixable_critical: 1 } },
  },
  {
    name: 'a critical fixed exactly at the end is still open at the end; a fix available exactly at the end counts as available',
    // b: opened d(0) (due d(7)), fix available END, fixed at END -> open, overdue, fixable at end: 0 of 1
    services,
    scans: [scan('b', END - DAY)],
    intervals: [vuln({ findingId: 1, serviceId: 'b', openedAt: d(0), fixAvailableAt: END, fixedAt: END })],
    expect: { value: 0, n: 1 },
  },
  {
    name: 'a fix version named by the tool counts as available when its date is unknown; a fix published after the end does not',
    // a: overdue critical, fix version 1.2.3, no date (as trivy reports): not compliant.
    // b: overdue critical, fix version published end + 1 d: not available at end, compliant. 1 of 2
    services,
    scans: [scan('a', END - DAY), scan('b', END - DAY)],
    intervals: [
      vuln({ findingId: 1, serviceId: 'a', openedAt: d(0), fixVersion: '1.2.3' }),
      vuln({ findingId: 2, serviceId: 'b', openedAt: d(0), fixVersion: '2.0.0', fixAvailableAt: END + DAY }),
    ],
    expect: { value: 50, n: 2 },
  },
  {
    name: 'a critical due exactly at the end is not overdue (due < end)',
    // a tier 1: opened end - 14 d, due == end
    services,
    scans: [scan('a', END - DAY)],
    intervals: [vuln({ findingId: 1, serviceId: 'a', openedAt: END - 14 * DAY, fixAvailableAt: d(0) })],
    expect: { value: 100, n: 1 },
  },
  {
    name: 'a fixed critical is fine, its reopen open at the end is not; false positives and other categories never count',
    // a: fixed d(9) before end: fine. b: fixed d(3), reopened d(20), open (due d(27)): not compliant.
    // d: overdue fixable critical false positive, and an sca critical: fine. 2 of 3 compliant
    services,
    scans: [scan('a', END - DAY), scan('b', END - DAY), scan('d', END - DAY)],
    intervals: [
      vuln({ findingId: 1, serviceId: 'a', openedAt: d(0), fixAvailableAt: d(0), fixedAt: d(9) }),
      vuln({ findingId: 2, seq: 1, serviceId: 'b', openedAt: d(0), fixAvailableAt: d(0), fixedAt: d(3) }),
      vuln({ findingId: 2, seq: 2, serviceId: 'b', openedAt: d(20), fixAvailableAt: d(0) }),
      vuln({ findingId: 3, serviceId: 'd', openedAt: d(0), fixAvailableAt: d(0), falsePositive: true }),
      interval({ findingId: 4, serviceId: 'd', category: 'sca', openedAt: d(0), fixAvailableAt: d(0) }),
    ],
    expect: { value: 200 / 3, n: 3, details: { with_overdue_fixable_critical: 1 } },
  },
  {
    name: 'says base images were not checked when approved base images are configured',
    services,
    scans: [scan('a', END - DAY)],
    policy: { approvedBaseImages: ['cgr.dev/chainguard/static'] },
    expect: { value: 100, n: 1, details: { base_image_checked: false }, note: /base images were not checked/ },
  },
  {
    name: 'has no data when no image was scanned in the window',
    services,
    scans: [scan('a', END - 31 * DAY), scan('b', END - DAY, 'sast')],
    expect: { noData: true, n: 0, reason: /container image/ },
  },
  {
    name: 'has no data when nothing was ever loaded',
    services,
    loaded: ['catalog'],
    expect: { noData: true },
  },
]);
