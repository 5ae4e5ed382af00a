import type { Cell } from '../../data/ids.js';
import { hash32 } from '../../data/random.js';
import type { Universe } from '../../data/universe.js';
import { accessDocument, accessTemplates, documentScope, type PolicyDocument } from './documents.js';
import type { EntityRef, EntityType } from './entities.js';

/** At most this many inline policies per entity type; fixed entities have none. */
const maxInline: Record<EntityType, number> = { user: 1, group: 1, role: 2 };

interface InlinePolicy {
  PolicyName: string;
  document: PolicyDocument;
}

function inlineKind(type: EntityType): string {
  return `iam.${type}.inline`;
}

/** An entity's inline policies: distinct templates, each scoped to the entity's team. */
export function inlinePolicies(universe: Universe, cell: Cell, ref: EntityRef): InlinePolicy[] {
  if (ref.ordinal < 0) return [];
  const kind = inlineKind(ref.type);
  const count = hash32(universe.seed, cell.accountId, kind, ref.ordinal, 'count') % (maxInline[ref.type] + 1);
  const start = hash32(universe.seed, cell.accountId, kind, ref.ordinal, 'start');
  const scope = documentScope(universe, cell, kind, ref.ordinal, ref.team);
  const policies: InlinePolicy[] = [];
  for (let k = 0; k < count; k++) {
    const template = accessTemplates[(start + k) % accessTemplates.length];
    if (template) policies.push({ PolicyName: template.inlineName, document: accessDocument(template, scope) });
  }
  return policies;
}
