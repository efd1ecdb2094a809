import type { Tier } from './severity.js';

/** The unit of the catalog: one deployable service. */
export interface Service {
  id: string;
  name: string;
  /** Product area (Backstage System). */
  area: string;
  /** Product line (Backstage Domain). */
  line: string;
  tier: Tier;
  internetExposed: boolean;
  /** Owning teams; a shared service may list several, none means "owner needed". */
  owners: string[];
  /** Canonical repository keys, see `repoKey`. */
  repos: string[];
  /** Canonical image keys, see `imageKey`. */
  images: string[];
  cloudAccounts: string[];
  tags: string[];
}

export interface Area {
  name: string;
  line: string;
  owners: string[];
}

export interface ProductLine {
  name: string;
  owners: string[];
}

export interface Catalog {
  lines: ProductLine[];
  areas: Area[];
  services: Service[];
}

/**
 * Canonical form of a repository reference so that `https://github.com/Acme/x.git`,
 * `git@github.com:acme/x` and `github.com/acme/x/` all name the same repository.
 */
export function repoKey(raw: string): string {
  let s = raw.trim().toLowerCase();
  s = s.replace(/^git\+/, '');
  s = s.replace(/^[a-z]+:\/\//, '');
  s = s.replace(/^[^@/]+@/, '');
  s = s.replace(/^([^/:]+):(?!\d)/, '$1/');
  s = s.replace(/\.git$/, '').replace(/\/+$/, '');
  return s;
}

/** Canonical form of a container image reference: registry/path without tag or digest. */
export function imageKey(raw: string): string {
  let s = raw.trim().toLowerCase();
  s = s.replace(/@sha256:[0-9a-f]+$/, '');
  const lastSlash = s.lastIndexOf('/');
  const colon = s.lastIndexOf(':');
  if (colon > lastSlash) s = s.slice(0, colon);
  if (s.startsWith('docker.io/')) s = s.slice('docker.io/'.length);
  if (s.startsWith('library/')) s = s.slice('library/'.length);
  return s;
}

/** Tier weight of the risk index: tier 0 weighs 3, tier 1 2, tier 2 1. */
export function tierWeight(tier: Tier): number {
  return 3 - tier;
}
