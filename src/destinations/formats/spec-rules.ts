import { z } from 'zod';
import { DestinationError } from '../destination.js';
import { durationMs, goDuration } from '../duration.js';
import type { Compression, FileFormat } from './format-spec.js';
import { compressions, fileFormats, formatSpecSchemas } from './format-spec.js';
import { placeholders } from './path-template.js';

/** One mistake in a plugin spec: the key path inside the spec and what is wrong there. */
export interface SpecIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * zod issues as the config loader words them: an unknown key is reported at the key itself, a
 * missing one as `required`. The loader re-reports plugin issues as custom ones, so they must be
 * worded here.
 */
export function specIssues(error: z.ZodError, input: unknown, prefix: PropertyKey[] = []): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) issues.push({ path: [...path, key], message: 'unknown key' });
    } else if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) {
      issues.push({ path, message: 'required' });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  // A misspelt key usually also leaves a required one missing: the unknown key explains both.
  return issues.sort((a, b) => Number(b.message === 'unknown key') - Number(a.message === 'unknown key'));
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = data;
  for (const part of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[part];
  }
  return value;
}

/** Runs the shape schema, then (only when it passed) the cross-key rules. */
export function checkSpec<T>(schema: z.ZodType<T>, rules: (spec: T) => SpecIssue[], raw: unknown): { spec?: T; issues: SpecIssue[] } {
  const input = raw ?? {};
  const result = schema.safeParse(input);
  if (!result.success) return { issues: specIssues(result.error, input) };
  return { spec: result.data, issues: rules(result.data) };
}

/** A zod schema for destinationSpecSchemas: the config loader turns its issues into located ConfigErrors. */
export function specValidator<T>(schema: z.ZodType<T>, rules: (spec: T) => SpecIssue[]): z.ZodType {
  return z.unknown().superRefine((raw, ctx) => {
    for (const issue of checkSpec(schema, rules, raw).issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
}

/** Parses a plugin spec for an opener; a mistake is a DestinationError naming the key path. */
export function parseSpec<T>(plugin: string, schema: z.ZodType<T>, rules: (spec: T) => SpecIssue[], raw: unknown): T {
  const { spec, issues } = checkSpec(schema, rules, raw);
  const [first] = issues;
  if (first || !spec) {
    const key = (first?.path ?? []).map(String).join('.');
    throw new DestinationError('INVALID_SPEC', `${plugin}: spec.${key}: ${first?.message ?? 'invalid'}`);
  }
  return spec;
}

/** The keys the file and S3 plugins share (filetypes.FileSpec and the batching keys). */
export const commonShape = {
  format: z.enum(fileFormats),
  format_spec: z.unknown().optional(),
  compression: z.enum(compressions).optional(),
  no_rotate: z.boolean().optional(),
  batch_size: z.int().positive().nullable().optional(),
  batch_size_bytes: z.int().positive().nullable().optional(),
  batch_timeout: goDuration.nullable().optional(),
};

export interface CommonSpec {
  format: FileFormat;
  format_spec?: unknown;
  compression?: Compression;
  no_rotate?: boolean;
  batch_size?: number | null;
  batch_size_bytes?: number | null;
  batch_timeout?: string | null;
}

const batchKeys = ['batch_size', 'batch_size_bytes', 'batch_timeout'] as const;

/**
 * The rules both plugins apply (their Validate and JSON schema): format_spec matches the format,
 * parquet is never compressed, and {{UUID}} is required in the path exactly when objects rotate.
 */
export function commonRules(spec: CommonSpec, path: string | undefined): SpecIssue[] {
  const issues: SpecIssue[] = [];
  if (spec.format_spec !== undefined && spec.format_spec !== null) {
    const result = formatSpecSchemas[spec.format].safeParse(spec.format_spec);
    if (!result.success) issues.push(...specIssues(result.error, spec.format_spec, ['format_spec']));
  }
  if (spec.format === 'parquet' && spec.compression === 'gzip') {
    issues.push({ path: ['compression'], message: 'compression is not supported for parquet format' });
  }
  if (spec.no_rotate) {
    for (const key of batchKeys) {
      if (spec[key] !== undefined && spec[key] !== null) {
        issues.push({ path: [key], message: 'batching options must not be present when no_rotate is enabled' });
      }
    }
  }
  if (path !== undefined) {
    if (spec.no_rotate && path.includes(placeholders.uuid)) {
      issues.push({ path: ['path'], message: 'the {{UUID}} placeholder must not be present in the path when no_rotate is enabled' });
    }
    if (!spec.no_rotate && !path.includes(placeholders.uuid)) {
      issues.push({
        path: ['path'],
        message: 'the {{UUID}} placeholder must be present in the path (every batch is a new object; set no_rotate: true for one per table)',
      });
    }
  }
  return issues;
}

/** When an object is complete. 0 means no limit; no_rotate has none (one object per table per sync). */
export interface BatchLimits {
  rows: number;
  bytes: number;
  timeoutMs: number;
}

/** Top-level `batch_size` / `batch_size_bytes` / `batch_timeout` of the destination document. */
export interface BatchSettings {
  batchSize?: number;
  batchSizeBytes?: number;
  batchTimeoutMs?: number;
}

// CloudQuery's file and S3 defaults (SetDefaults): 10,000 rows, 50 MiB, 30 s.
const DEFAULT_ROWS = 10_000;
const DEFAULT_BYTES = 50 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;

/** The plugin's own keys win over the top-level ones, which win over CloudQuery's defaults. */
export function batchLimits(spec: CommonSpec, settings: BatchSettings): BatchLimits {
  if (spec.no_rotate) return { rows: 0, bytes: 0, timeoutMs: 0 };
  return {
    rows: spec.batch_size ?? settings.batchSize ?? DEFAULT_ROWS,
    bytes: spec.batch_size_bytes ?? settings.batchSizeBytes ?? DEFAULT_BYTES,
    timeoutMs: spec.batch_timeout ? durationMs(spec.batch_timeout) : (settings.batchTimeoutMs ?? DEFAULT_TIMEOUT_MS),
  };
}

/** Append is the only write mode of the file and S3 plugins. */
export function requireAppend(plugin: string, writeMode: string): void {
  if (writeMode !== 'append') {
    throw new DestinationError(
      'INVALID_SPEC',
      `${plugin}: write_mode "${writeMode}" is not supported: the ${plugin} destination only appends (set write_mode: append)`,
    );
  }
}
