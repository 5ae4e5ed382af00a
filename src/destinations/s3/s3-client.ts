import { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import type { ObjectCannedACL, ServerSideEncryption } from '@aws-sdk/client-s3';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { fromNodeProviderChain, fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { safeUrl } from '../../aws/endpoint.js';
import { createRetryStrategy } from '../../aws/retry.js';
import type { S3Spec } from './spec.js';

/** An S3 client that only ever sends PutObject, and the secrets it saw (to keep them out of messages). */
export interface PutOnlyClient {
  put(input: PutInput): Promise<void>;
  /** Removes every credential value the client has used from a text. */
  redact(text: string): string;
  destroy(): void;
}

export interface PutInput {
  bucket: string;
  key: string;
  body: Buffer | Readable;
  length: number;
  contentType: string;
}

// CloudQuery's S3 defaults: 3 attempts (it passes max_retries as MaxAttempts), 30 s backoff cap.
const DEFAULT_ATTEMPTS = 3;
const DEFAULT_MAX_BACKOFF_SECONDS = 30;
// CloudQuery's role sessions last an hour (stscreds AssumeRoleOptions.Duration).
const ROLE_SESSION_SECONDS = 3600;

/**
 * The SDK's whole credential chain, as CloudQuery's LoadDefaultConfig: environment (a session
 * token included, which is how MFA sessions from sts get-session-token arrive), the shared
 * credentials then config files (a `local_profile`), SSO, credential_process, web identity,
 * container and instance roles. `credentials.role_arn` assumes a role on top of it.
 */
function credentialChain(spec: S3Spec): AwsCredentialIdentityProvider {
  const profile = spec.local_profile || spec.credentials?.local_profile || undefined;
  const base = fromNodeProviderChain(profile ? { profile } : {});
  const role = spec.credentials?.role_arn;
  if (!role) return base;
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: {
      RoleArn: role,
      RoleSessionName: spec.credentials?.role_session_name || `canopy-${Date.now()}`,
      ...(spec.credentials?.external_id ? { ExternalId: spec.credentials.external_id } : {}),
      DurationSeconds: ROLE_SESSION_SECONDS,
    },
    clientConfig: { region: spec.region },
  });
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  return `${name}${err.message}${status ? ` (HTTP ${status})` : ''}`;
}

export function createPutOnlyClient(spec: S3Spec): PutOnlyClient {
  const secrets = new Set<string>();
  const chain = credentialChain(spec);
  const credentials: AwsCredentialIdentityProvider = async (props) => {
    const identity = await chain(props);
    secrets.add(identity.secretAccessKey);
    if (identity.sessionToken) secrets.add(identity.sessionToken);
    return identity;
  };
  const attempts = spec.max_retries ?? DEFAULT_ATTEMPTS;
  const client = new S3Client({
    region: spec.region,
    credentials,
    ...(spec.endpoint ? { endpoint: spec.endpoint } : {}),
    forcePathStyle: spec.use_path_style ?? false,
    retryStrategy: createRetryStrategy({ maxRetries: Math.max(0, attempts - 1), maxBackoffSeconds: spec.max_backoff ?? DEFAULT_MAX_BACKOFF_SECONDS }),
    // Checksums only where S3 requires them: the default CRC trailers (aws-chunked bodies) are
    // refused by many S3-compatible stores that `endpoint` points at, and SigV4 signs the body anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(spec.endpoint_skip_tls_verify ? { requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ rejectUnauthorized: false }) }) } : {}),
  });
  const sse = spec.server_side_encryption_configuration ?? undefined;
  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) if (secret) out = out.replaceAll(secret, '***');
    return out;
  };

  return {
    async put(input) {
      const command = new PutObjectCommand({
        Bucket: input.bucket,
        Key: input.key,
        Body: input.body,
        ContentLength: input.length,
        ContentType: spec.content_type || input.contentType,
        ...(spec.acl ? { ACL: spec.acl as ObjectCannedACL } : {}),
        ...(sse
          ? {
              ServerSideEncryption: sse.server_side_encryption as ServerSideEncryption,
              // S3 refuses a KMS key id with AES256 (SSE-S3), which CloudQuery's schema still requires.
              ...(sse.server_side_encryption === 'AES256' ? {} : { SSEKMSKeyId: sse.sse_kms_key_id }),
            }
          : {}),
      });
      try {
        await client.send(command);
      } catch (err) {
        const where = spec.endpoint ? ` at ${safeUrl(spec.endpoint)}` : '';
        throw new Error(redact(`PutObject s3://${input.bucket}/${input.key}${where} failed: ${messageOf(err)}`));
      }
    },
    redact,
    destroy: () => client.destroy(),
  };
}
