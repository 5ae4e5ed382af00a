import { z } from 'zod';
import type { SpecIssue } from '../formats/spec-rules.js';
import { commonRules, commonShape, parseSpec, specValidator } from '../formats/spec-rules.js';

/**
 * CloudQuery's file destination `spec` (plugins/destination/file): `path` (a template) or the
 * older `directory`, the format keys of its filetypes library, no_rotate and the batching keys.
 */
export const fileSpecShape = z.strictObject({
  directory: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  ...commonShape,
});

export type FileSpec = z.output<typeof fileSpecShape>;

/** The file plugin's Validate: exactly one of directory and path, then the shared rules on the path as written. */
export function fileRules(spec: FileSpec): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (spec.directory === undefined && spec.path === undefined) {
    issues.push({ path: ['path'], message: 'required (or the older `directory`)' });
  }
  if (spec.directory !== undefined && spec.path !== undefined) {
    issues.push({ path: ['directory'], message: 'only one of `directory` or `path` is allowed' });
  }
  issues.push(...commonRules(spec, spec.path));
  return issues;
}

/** For destinationSpecSchemas: mistakes become located ConfigErrors. */
export const fileSpecSchema = specValidator(fileSpecShape, fileRules);

export function parseFileSpec(raw: unknown): FileSpec {
  return parseSpec('file', fileSpecShape, fileRules, raw);
}
