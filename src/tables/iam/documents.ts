/** IAM returns policy documents URL-encoded; CloudQuery stores them decoded and parsed. */
export function decodedDocument(encoded: unknown): unknown {
  if (typeof encoded !== 'string') return null;
  try {
    return JSON.parse(decodeURIComponent(encoded)) as unknown;
  } catch {
    return null;
  }
}
