import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { batchLimits, checkSpec, commonRules, requireAppend } from './spec-rules.js';

describe('spec rules', () => {
  it('reports an unknown key before the required key it probably misspells', () => {
    const schema = z.strictObject({ format: z.string(), path: z.string().optional() });
    expect(checkSpec(schema, () => [], { formt: 'json' }).issues).toEqual([
      { path: ['formt'], message: 'unknown key' },
      { path: ['format'], message: 'required' },
    ]);
  });

  it('requires {{UUID}} exactly when objects rotate, and refuses batching keys with no_rotate', () => {
    expect(commonRules({ format: 'json' }, 'a/{{TABLE}}')).toEqual([expect.objectContaining({ path: ['path'] })]);
    expect(commonRules({ format: 'json', no_rotate: true }, 'a/{{TABLE}}')).toEqual([]);
    expect(commonRules({ format: 'json', no_rotate: true, batch_timeout: '1s' }, 'a/{{TABLE}}/{{UUID}}').map((i) => i.path)).toEqual([['batch_timeout'], ['path']]);
    expect(commonRules({ format: 'json', no_rotate: true, batch_size: null }, 'a')).toEqual([]);
  });

  it("takes the plugin's batch keys, then the top-level ones, then CloudQuery's defaults", () => {
    expect(batchLimits({ format: 'json' }, {})).toEqual({ rows: 10_000, bytes: 50 * 1024 * 1024, timeoutMs: 30_000 });
    expect(batchLimits({ format: 'json', batch_size: 5, batch_timeout: '1m30s' }, { batchSize: 7, batchSizeBytes: 9, batchTimeoutMs: 1 })).toEqual({
      rows: 5,
      bytes: 9,
      timeoutMs: 90_000,
    });
    expect(batchLimits({ format: 'json', no_rotate: true }, { batchSize: 7 })).toEqual({ rows: 0, bytes: 0, timeoutMs: 0 });
  });

  it('refuses write modes other than append, naming write_mode', () => {
    expect(() => requireAppend('s3', 'overwrite-delete-stale')).toThrow(/write_mode "overwrite-delete-stale" is not supported/);
    expect(() => requireAppend('s3', 'append')).not.toThrow();
  });
});
