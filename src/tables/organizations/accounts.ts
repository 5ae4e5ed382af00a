import { ListAccountsCommand, ListTagsForResourceCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { defineTable, tagsObject } from '../../engine/table.js';

/**
 * aws_organizations_accounts: the organization's accounts as the syncing account sees them. Read
 * in every account, as CloudQuery does; only the management account (or a delegated administrator)
 * may list them, so the others' partitions end as skipped (AccessDenied). request_account_id says who asked.
 */
export const organizationsAccounts = defineTable({
  name: 'aws_organizations_accounts',
  description: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_Account.html',
  service: 'organizations',
  scope: 'global',
  list: { call: { client: OrganizationsClient, command: ListAccountsCommand }, operation: 'ListAccounts', items: 'Accounts[]' },
  details: {
    tags: {
      call: { client: OrganizationsClient, command: ListTagsForResourceCommand },
      operation: 'ListTagsForResource',
      input: (a) => ({ ResourceId: (a as { Id?: unknown }).Id }),
    },
  },
  columns: {
    request_account_id: { type: 'string', value: (_a, c) => c.accountId },
    arn: { type: 'string', value: (a) => a.Arn },
    tags: { type: 'json', value: (_a, _c, d) => (d.tags ? tagsObject(d.tags.Tags ?? []) : null) },
  },
  primaryKey: ['request_account_id', 'arn'],
  iam: ['organizations:ListAccounts', 'organizations:ListTagsForResource'],
});
