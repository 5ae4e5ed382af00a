import { paginate, type Handler, type Input, type RequestContext } from '../service.js';
import { attachedPolicies } from './attachments.js';
import { encodeDocument } from './documents.js';
import { resolveEntity, type EntityRef, type EntityType } from './entities.js';
import { inlinePolicies } from './inline-policies.js';
import { noSuchEntity, text } from './shared.js';
import { iamPage } from './paging.js';

/** The input member naming the entity, per type (UserName, GroupName, RoleName). */
const nameMember: Record<EntityType, string> = { user: 'UserName', group: 'GroupName', role: 'RoleName' };

function entityOf(type: EntityType, input: Input, ctx: RequestContext): EntityRef {
  return resolveEntity(ctx.universe, ctx.cell, type, text(input, nameMember[type]));
}

/** The policy path inside a policy ARN (`arn:aws:iam::aws:policy/service-role/X` -> `/service-role/`). */
function arnPath(arn: string): string {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  return resource.slice(0, resource.lastIndexOf('/') + 1);
}

/** List<Type>Policies: the names of an entity's inline policies. */
function listInline(type: EntityType): Handler {
  return (input, ctx) => {
    const names = inlinePolicies(ctx.universe, ctx.cell, entityOf(type, input, ctx)).map((p) => p.PolicyName);
    return paginate(input, ctx, names.length, (i) => names[i], iamPage);
  };
}

/** Get<Type>Policy: one inline policy's document, URL-encoded. */
function getInline(type: EntityType): Handler {
  return (input, ctx) => {
    const entity = entityOf(type, input, ctx);
    const name = text(input, 'PolicyName');
    const policy = inlinePolicies(ctx.universe, ctx.cell, entity).find((p) => p.PolicyName === name);
    if (!policy) throw noSuchEntity(`${type} policy`, name);
    return { [nameMember[type]]: entity.name, PolicyName: policy.PolicyName, PolicyDocument: encodeDocument(policy.document) };
  };
}

/** ListAttached<Type>Policies: the managed policies an entity attaches, filtered by PathPrefix. */
function listAttached(type: EntityType): Handler {
  return (input, ctx) => {
    const attached = attachedPolicies(ctx.universe, ctx.cell, entityOf(type, input, ctx));
    const prefix = text(input, 'PathPrefix');
    const kept = prefix ? attached.filter((p) => arnPath(p.PolicyArn).startsWith(prefix)) : attached;
    return paginate(input, ctx, kept.length, (i) => kept[i], iamPage);
  };
}

export const entityPolicyHandlers: Record<string, Handler> = {
  ListUserPolicies: listInline('user'),
  ListGroupPolicies: listInline('group'),
  ListRolePolicies: listInline('role'),
  GetUserPolicy: getInline('user'),
  GetGroupPolicy: getInline('group'),
  GetRolePolicy: getInline('role'),
  ListAttachedUserPolicies: listAttached('user'),
  ListAttachedGroupPolicies: listAttached('group'),
  ListAttachedRolePolicies: listAttached('role'),
};
