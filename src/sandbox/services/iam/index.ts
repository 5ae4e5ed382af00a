import { defineService } from '../service.js';
import { ACCESS_KEY_KIND, accessKeyHandlers, totalAccessKeys } from './access-keys.js';
import { authorizationDetailsHandlers } from './authorization-details.js';
import { entityPolicyHandlers } from './entity-policies.js';
import { GROUP_KIND, groupCount, groupHandlers } from './groups.js';
import { localPolicyCount, POLICY_KIND } from './local-policies.js';
import { policyHandlers } from './policies.js';
import { ROLE_KIND, roleCount, roleHandlers } from './roles.js';
import { USER_KIND, userCount, userHandlers } from './users.js';

/**
 * IAM: users (sandbox-admin plus the scale's share) with access keys, the fixed and generated roles,
 * groups, customer-managed policies and a fixed set of AWS-managed ones. Every item is rebuilt from
 * (seed, account, kind, index) on each request.
 */
export const iamService = defineService({
  name: 'iam',
  global: true,
  kinds: [
    { kind: USER_KIND, scope: 'global', count: userCount },
    { kind: ACCESS_KEY_KIND, scope: 'global', count: totalAccessKeys },
    { kind: ROLE_KIND, scope: 'global', count: roleCount },
    { kind: GROUP_KIND, scope: 'global', count: groupCount },
    { kind: POLICY_KIND, scope: 'global', count: localPolicyCount },
  ],
  handlers: {
    ...userHandlers,
    ...accessKeyHandlers,
    ...groupHandlers,
    ...roleHandlers,
    ...policyHandlers,
    ...entityPolicyHandlers,
    ...authorizationDetailsHandlers,
  },
});
