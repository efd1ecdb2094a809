/**
 * How a GitHub alert stands, as the lifecycle sees it — read alike from a file export (index.ts)
 * and by the connector's sync (connectors/github/alerts.ts), which imports it from here:
 * - `fixed`: the code changed (Dependabot and code scanning `fixed`; a secret `revoked`);
 * - `false_positive`: closed as never real or not applicable (false positive, inaccurate, not
 *   used, used in tests, the pattern removed, Dependabot's auto-dismissal rules): excluded from KPIs;
 * - `dismissed`: closed without a fix (won't fix, tolerable risk, no bandwidth, fix started):
 *   the vulnerability is still there, so the finding stays open;
 * - `open`.
 */
export type AlertOutcome = 'open' | 'fixed' | 'false_positive' | 'dismissed';

const NOT_REAL = /false[ _-]?positive|inaccurate|not[ _-]?used|used[ _-]?in[ _-]?tests|pattern[ _-]?(deleted|edited)/i;

export function alertOutcome(state: string, reason: string | null | undefined): AlertOutcome {
  switch (state) {
    case 'open':
      return 'open';
    case 'fixed':
      return 'fixed';
    case 'auto_dismissed':
      return 'false_positive';
    case 'dismissed':
    case 'resolved':
      if (NOT_REAL.test(reason ?? '')) return 'false_positive';
      return state === 'resolved' && /^revoked$/i.test(reason ?? '') ? 'fixed' : 'dismissed';
    default:
      // A state GitHub adds later: closed, as the API says it is not open.
      return 'fixed';
  }
}
