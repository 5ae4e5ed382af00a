import type { Cell } from '../../data/ids.js';
import type { Universe } from '../../data/universe.js';
import { notFound, paginate, SandboxError, type Handler, type Output, type RequestContext } from '../service.js';
import { localAttachmentCount, managedAttachmentCount } from './attachments.js';
import { encodeDocument, type PolicyDocument } from './documents.js';
import { findLocalPolicy, localPolicyAt, localPolicyCount } from './local-policies.js';
import { managedArn, managedPolicies, managedPolicyByArn, managedPolicyId, type ManagedPolicy } from './managed-policies.js';
import { text } from './shared.js';
import { iamPage } from './paging.js';

/** One view over AWS-managed and customer-managed policies, so outputs are built in one place. */
export interface PolicyView {
  PolicyName: string;
  PolicyId: string;
  Arn: string;
  Path: string;
  Description: string;
  versions: number;
  CreateDate: Date;
  UpdateDate: Date;
  AttachmentCount: number;
  Tags: Array<{ Key: string; Value: string }>;
  document(version: number): PolicyDocument;
  versionDate(version: number): Date;
}

export function managedView(universe: Universe, cell: Cell, policy: ManagedPolicy): PolicyView {
  const span = policy.updated.getTime() - policy.created.getTime();
  return {
    PolicyName: policy.name,
    PolicyId: managedPolicyId(policy),
    Arn: managedArn(policy),
    Path: policy.path,
    Description: policy.description,
    versions: policy.defaultVersion,
    CreateDate: policy.created,
    UpdateDate: policy.updated,
    AttachmentCount: managedAttachmentCount(universe, cell, policy),
    Tags: [],
    document: () => policy.document,
    versionDate: (v) => new Date(policy.created.getTime() + Math.floor((span * (v - 1)) / Math.max(1, policy.defaultVersion - 1))),
  };
}

export function localView(universe: Universe, cell: Cell, ordinal: number): PolicyView {
  const policy = localPolicyAt(universe, cell, ordinal);
  return { ...policy, AttachmentCount: localAttachmentCount(universe, cell, ordinal) };
}

/** The Policy shape; ListPolicies leaves out Description and Tags, GetPolicy has them. */
export function policyOutput(view: PolicyView, detail: boolean): Output {
  const out: Output = {
    PolicyName: view.PolicyName,
    PolicyId: view.PolicyId,
    Arn: view.Arn,
    Path: view.Path,
    DefaultVersionId: `v${view.versions}`,
    AttachmentCount: view.AttachmentCount,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: view.CreateDate,
    UpdateDate: view.UpdateDate,
  };
  if (detail) {
    out.Description = view.Description;
    if (view.Tags.length > 0) out.Tags = view.Tags;
  }
  return out;
}

/** The PolicyVersion shape, document URL-encoded. */
export function versionOutput(view: PolicyView, version: number): Output {
  return {
    Document: encodeDocument(view.document(version)),
    VersionId: `v${version}`,
    IsDefaultVersion: version === view.versions,
    CreateDate: view.versionDate(version),
  };
}

/** The policy an ARN names: AWS-managed, or customer-managed in the caller's account. */
function resolvePolicy(ctx: RequestContext, arn: string): PolicyView {
  const managed = managedPolicyByArn(arn);
  if (managed) return managedView(ctx.universe, ctx.cell, managed);
  const account = /^arn:aws:iam::(\d{12}):policy\//.exec(arn)?.[1];
  if (!account && !arn.startsWith('arn:aws:iam::aws:policy/')) throw new SandboxError('InvalidInput', `ARN ${arn} is not valid.`);
  if (account && account !== ctx.cell.accountId) {
    throw new SandboxError('AccessDenied', `User: ${ctx.principal.arn} is not authorized to perform: ${ctx.operation} on resource: policy ${arn}`, 403);
  }
  const ordinal = findLocalPolicy(ctx.universe, ctx.cell, arn);
  if (ordinal === undefined) throw notFound('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
  return localView(ctx.universe, ctx.cell, ordinal);
}

export const policyHandlers: Record<string, Handler> = {
  ListPolicies: (input, ctx) => {
    const { universe, cell } = ctx;
    const scope = text(input, 'Scope') || 'All';
    const aws = scope === 'Local' ? 0 : managedPolicies.length;
    const local = scope === 'AWS' ? 0 : localPolicyCount(universe, cell);
    const prefix = text(input, 'PathPrefix');
    const onlyAttached = input.OnlyAttached === true;
    // No generated policy is used as a permissions boundary.
    const boundariesOnly = text(input, 'PolicyUsageFilter') === 'PermissionsBoundary';
    const itemAt = (i: number) =>
      policyOutput(i < aws ? managedView(universe, cell, managedPolicies[i] as ManagedPolicy) : localView(universe, cell, i - aws), false);
    return paginate(input, ctx, aws + local, itemAt, {
      ...iamPage,
      filter: (item) => {
        const policy = item as { Path: string; AttachmentCount: number };
        return !boundariesOnly && (!onlyAttached || policy.AttachmentCount > 0) && policy.Path.startsWith(prefix);
      },
    });
  },
  GetPolicy: (input, ctx) => ({ Policy: policyOutput(resolvePolicy(ctx, text(input, 'PolicyArn')), true) }),
  // AWS-managed policies carry no tags: IAM answers them with an empty list.
  ListPolicyTags: (input, ctx) => {
    const tags = resolvePolicy(ctx, text(input, 'PolicyArn')).Tags;
    return paginate(input, ctx, tags.length, (i) => tags[i], iamPage);
  },
  GetPolicyVersion: (input, ctx) => {
    const arn = text(input, 'PolicyArn');
    const view = resolvePolicy(ctx, arn);
    const versionId = text(input, 'VersionId');
    const version = /^v([1-9]\d*)$/.test(versionId) ? Number(versionId.slice(1)) : 0;
    if (version < 1 || version > view.versions) {
      throw notFound('NoSuchEntity', `Policy ${arn} version ${versionId} does not exist or is not attachable.`);
    }
    return { PolicyVersion: versionOutput(view, version) };
  },
};
