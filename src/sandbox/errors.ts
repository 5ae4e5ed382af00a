/** What an error adds to the protocol's usual error response. */
interface ErrorDetails {
  /** Response headers (S3's x-amz-bucket-region on a redirect, which SDKs read to find the bucket). */
  headers?: Record<string, string>;
  /** Elements of the error document after Code and Message (S3's Endpoint and Bucket on a redirect). */
  fields?: Record<string, string>;
}

/**
 * An error the sandbox answers with. `code` is the AWS error code the SDK turns into its typed
 * exception (e.g. NoSuchEntity -> NoSuchEntityException); `status` is the HTTP status.
 */
export class SandboxError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly senderFault = true,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export function notFound(code: string, message: string): SandboxError {
  return new SandboxError(code, message, 404);
}
