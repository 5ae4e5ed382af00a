import { createdAt, tagsFor, teams } from '../../data/common.js';
import type { Cell } from '../../data/ids.js';
import { iamId, indexedName } from '../../data/ids.js';
import { EPOCH } from '../../data/org.js';
import { hash32, pick } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { indexOfName } from '../lookup.js';
import { accessDocument, accessTemplates, documentScope, type AccessTemplate, type PolicyDocument } from './documents.js';
import { iamArn } from './shared.js';

export const POLICY_KIND = 'iam.policy';

const DAY = 86_400_000;

/** A customer-managed policy (Scope Local). */
interface LocalPolicy {
  ordinal: number;
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description: string;
  /** Versions v1..vN exist; vN is the default. */
  versions: number;
  CreateDate: Date;
  UpdateDate: Date;
  Tags: Array<{ Key: string; Value: string }>;
  /** The document of version v (1-based). */
  document(version: number): PolicyDocument;
  versionDate(version: number): Date;
}

export function localPolicyCount(universe: Universe, cell: Cell): number {
  return universe.allocated(cell, POLICY_KIND);
}

function policyTeam(universe: Universe, cell: Cell, ordinal: number): string {
  return pick(teams, universe.seed, cell.accountId, POLICY_KIND, ordinal, 'team');
}

function policyTemplate(universe: Universe, cell: Cell, ordinal: number): AccessTemplate {
  return pick(accessTemplates, universe.seed, cell.accountId, POLICY_KIND, ordinal, 'template');
}

function localPolicyName(universe: Universe, cell: Cell, ordinal: number): string {
  return indexedName(`${policyTeam(universe, cell, ordinal)}-${policyTemplate(universe, cell, ordinal).key}`, ordinal);
}

function localPolicyPath(universe: Universe, cell: Cell, ordinal: number): string {
  return hash32(universe.seed, cell.accountId, POLICY_KIND, ordinal, 'path') % 3 === 0 ? '/teams/' : '/';
}

export function localPolicyAt(universe: Universe, cell: Cell, ordinal: number): LocalPolicy {
  const { seed } = universe;
  const name = localPolicyName(universe, cell, ordinal);
  const path = localPolicyPath(universe, cell, ordinal);
  const team = policyTeam(universe, cell, ordinal);
  const template = policyTemplate(universe, cell, ordinal);
  const versions = 1 + (hash32(seed, cell.accountId, POLICY_KIND, ordinal, 'versions') % 3);
  const created = createdAt(seed, cell, POLICY_KIND, ordinal);
  // Later versions follow at a fixed spacing that never passes the epoch.
  const spacing = Math.floor((EPOCH - created.getTime()) / (versions + 1) / DAY) * DAY;
  const versionDate = (v: number) => new Date(created.getTime() + (v - 1) * spacing);
  const scope = documentScope(universe, cell, POLICY_KIND, ordinal, team);
  return {
    ordinal,
    PolicyName: name,
    PolicyId: iamId('ANPA', seed, 'policy', cell.accountId, name),
    Arn: iamArn(cell.accountId, 'policy', path, name),
    Path: path,
    Description: `${template.description} (${team})`,
    versions,
    CreateDate: created,
    UpdateDate: versionDate(versions),
    Tags: tagsFor(universe, cell, POLICY_KIND, ordinal),
    document: (v) => accessDocument(template, scope, v, versions),
    versionDate,
  };
}

/** The ordinal of a customer-managed policy ARN of this account, if it exists. */
export function findLocalPolicy(universe: Universe, cell: Cell, arn: string): number | undefined {
  const match = /^arn:aws:iam::(\d{12}):policy(\/(?:[\w+=,.@-]+\/)*)([\w+=,.@-]+)$/.exec(arn);
  if (!match || match[1] !== cell.accountId) return undefined;
  const [, , path = '/', name = ''] = match;
  const ordinal = indexOfName(name, localPolicyCount(universe, cell), (o) => localPolicyName(universe, cell, o));
  return ordinal !== undefined && localPolicyPath(universe, cell, ordinal) === path ? ordinal : undefined;
}
