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
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

export function notFound(code: string, message: string): SandboxError {
  return new SandboxError(code, message, 404);
}
