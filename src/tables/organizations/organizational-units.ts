import { DescribeOrganizationalUnitCommand, ListChildrenCommand, ListRootsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { defineTable } from '../../engine/table.js';

/** The OUs directly under one parent (a root or an OU). */
function childOUs(parent: unknown): { ParentId: unknown; ChildType: string } {
  return { ParentId: (parent as { Id?: unknown }).Id, ChildType: 'ORGANIZATIONAL_UNIT' };
}

/**
 * aws_organizations_organizational_units: every OU at any depth. As CloudQuery does, the roots
 * first, then ListChildren breadth first down the tree, then DescribeOrganizationalUnit for each.
 * Member accounts are denied, so their partitions end as skipped.
 */
export const organizationsOrganizationalUnits = defineTable({
  name: 'aws_organizations_organizational_units',
  description: 'https://docs.aws.amazon.com/organizations/latest/APIReference/API_OrganizationalUnit.html',
  service: 'organizations',
  scope: 'global',
  list: {
    seed: { call: { client: OrganizationsClient, command: ListRootsCommand }, operation: 'ListRoots', items: 'Roots[]', input: childOUs },
    call: { client: OrganizationsClient, command: ListChildrenCommand },
    operation: 'ListChildren',
    items: 'Children[]',
    recurse: childOUs,
  },
  get: {
    call: { client: OrganizationsClient, command: DescribeOrganizationalUnitCommand },
    operation: 'DescribeOrganizationalUnit',
    items: 'OrganizationalUnit',
    input: (child) => ({ OrganizationalUnitId: (child as { Id?: unknown }).Id }),
  },
  columns: {
    request_account_id: { type: 'string', value: (_ou, c) => c.accountId },
    arn: { type: 'string', value: (ou) => ou.Arn },
  },
  primaryKey: ['request_account_id', 'arn'],
  iam: ['organizations:ListRoots', 'organizations:ListChildren', 'organizations:DescribeOrganizationalUnit'],
});
