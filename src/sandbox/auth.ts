/**
 * The SigV4 credential scope of a request: access key, region and service. The signature itself
 * is not checked: the sandbox needs to know who is calling, not to defend against them.
 */
interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const headerPattern = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function credentialScope(headers: Record<string, string>, query: URLSearchParams): CredentialScope | undefined {
  const fromHeader = headerPattern.exec(headers.authorization ?? '');
  const fromQuery = /^([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/.exec(query.get('X-Amz-Credential') ?? '');
  const match = fromHeader ?? fromQuery;
  if (!match) return undefined;
  const [, accessKeyId = '', region = '', service = ''] = match;
  return { accessKeyId, region, service };
}
