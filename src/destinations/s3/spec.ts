import { posix } from 'node:path';
import { z } from 'zod';
import type { SpecIssue } from '../formats/spec-rules.js';
import { commonRules, commonShape, parseSpec, specValidator } from '../formats/spec-rules.js';
import { placeholders } from '../formats/path-template.js';

/** S3's canned ACLs (types.ObjectCannedACL), which CloudQuery's `acl` accepts. */
const cannedAcls = ['private', 'public-read', 'public-read-write', 'authenticated-read', 'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control'] as const;

const sseSchema = z.strictObject({
  sse_kms_key_id: z.string().min(1),
  server_side_encryption: z.enum(['AES256', 'aws:kms', 'aws:kms:dsse']),
});

const credentialsSchema = z.strictObject({
  local_profile: z.string().optional(),
  role_arn: z
    .string()
    .regex(/^(arn(:[^:\n]*){5}([:/].*)?)?$/, { error: 'expected a role ARN (arn:aws:iam::123456789012:role/name)' })
    .optional(),
  role_session_name: z.string().optional(),
  external_id: z.string().optional(),
});

/**
 * CloudQuery's S3 destination `spec` (plugins/destination/s3, v7): every key it documents, so its
 * users' files load unchanged. `part_size` is accepted and unused (canopy never uploads in parts),
 * as is `aws_debug` (canopy does not log requests: they carry signatures).
 */
export const s3SpecShape = z.strictObject({
  bucket: z.string().min(1),
  region: z.string().min(1),
  path: z.string().min(1),
  ...commonShape,
  athena: z.boolean().optional(),
  test_write: z.boolean().nullable().optional(),
  content_type: z.string().optional(),
  endpoint: z.string().optional(),
  use_path_style: z.boolean().optional(),
  endpoint_skip_tls_verify: z.boolean().optional(),
  acl: z.enum(['', ...cannedAcls]).optional(),
  write_empty_objects_for_empty_tables: z.boolean().optional(),
  server_side_encryption_configuration: sseSchema.nullable().optional(),
  local_profile: z.string().optional(),
  credentials: credentialsSchema.nullable().optional(),
  aws_debug: z.boolean().optional(),
  max_retries: z.int().min(0).optional(),
  max_backoff: z.int().min(0).optional(),
  part_size: z.int().positive().optional(),
});

export type S3Spec = z.output<typeof s3SpecShape>;

function validEndpoint(endpoint: string): boolean {
  try {
    const url = new URL(endpoint);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The S3 plugin's Validate and JSON-schema rules. */
export function s3Rules(spec: S3Spec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (spec.path.startsWith('/')) issues.push({ path: ['path'], message: 'value should not start with /' });
  else if (spec.path.includes('./') || spec.path.includes('//') || posix.normalize(spec.path) !== spec.path) {
    issues.push({ path: ['path'], message: 'value must not contain ./ or // (relative paths or duplicate slashes)' });
  }
  if (spec.path.includes(placeholders.syncGroupId)) {
    issues.push({ path: ['path'], message: 'the {{SYNC_GROUP_ID}} placeholder is not supported by canopy' });
  }
  if (spec.write_empty_objects_for_empty_tables && spec.format !== 'parquet') {
    issues.push({ path: ['write_empty_objects_for_empty_tables'], message: 'can only be used with `format: parquet`' });
  }
  const role = spec.credentials;
  if (spec.local_profile && role && (role.local_profile || role.role_arn || role.role_session_name || role.external_id)) {
    issues.push({ path: ['local_profile'], message: '`local_profile` cannot be used with `credentials`' });
  }
  if (spec.endpoint && !validEndpoint(spec.endpoint)) {
    issues.push({ path: ['endpoint'], message: 'expected an http(s) URL such as https://minio.example.com:9000' });
  }
  issues.push(...commonRules(spec, spec.path));
  return issues;
}

/** For destinationSpecSchemas: mistakes become located ConfigErrors. */
export const s3SpecSchema = specValidator(s3SpecShape, s3Rules);

export function parseS3Spec(raw: unknown): S3Spec {
  return parseSpec('s3', s3SpecShape, s3Rules, raw);
}
