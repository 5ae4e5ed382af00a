import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigJsonSchema } from '../src/config/json-schema.js';
import { schemaFile } from './gen-schema.js';

describe('gen:schema', () => {
  it('matches the committed docs/config.schema.json (run npm run gen:schema after changing src/config)', () => {
    expect(readFileSync(schemaFile, 'utf8')).toBe(renderConfigJsonSchema());
  });

  it('is a draft-07 schema that rejects unknown keys and names both kinds', () => {
    const schema = JSON.parse(renderConfigJsonSchema()) as { $schema: string; oneOf: Array<{ additionalProperties: boolean; properties: { kind: { const: string } } }> };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.oneOf.map((s) => s.properties.kind.const)).toEqual(['source', 'destination']);
    expect(schema.oneOf.every((s) => s.additionalProperties === false)).toBe(true);
  });
});
