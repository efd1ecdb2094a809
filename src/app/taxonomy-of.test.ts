import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../config/defaults.js';
import { SecscoreError } from '../domain/errors.js';
import { taxonomyOf } from './build-scorecard.js';

describe('taxonomyOf', () => {
  it('takes the default review families, which the built-in taxonomy holds', () => {
    const ids = taxonomyOf(DEFAULT_SETTINGS).families.map((f) => f.id);
    for (const id of DEFAULT_SETTINGS.review.authorizationFamilies) expect(ids).toContain(id);
  });

  it('refuses a review.authorizationFamilies entry that is no family of the taxonomy, naming the key, the entry and the families', () => {
    const settings = { ...DEFAULT_SETTINGS, review: { ...DEFAULT_SETTINGS.review, authorizationFamilies: ['tenant-boundary', 'authz-consistency'] } };
    const run = () => taxonomyOf(settings);
    expect(run).toThrow(SecscoreError);
    expect(run).toThrow(
      /^review\.authorizationFamilies: "authz-consistency" is no family of the failure-mode taxonomy \(data\/failure-modes\.yaml\); its families: .*authorization-consistency/,
    );
    expect(
      (() => {
        try {
          run();
        } catch (e) {
          return (e as SecscoreError).exitCode;
        }
        return null;
      })(),
    ).toBe(2);
  });
});
