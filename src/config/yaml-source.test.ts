import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, YamlSource } from './yaml-source.js';

const schema = z.strictObject({
  name: z.string(),
  spec: z.strictObject({ accounts: z.array(z.strictObject({ id: z.string() })), concurrency: z.number().optional() }),
});

function problem(text: string): ConfigError {
  try {
    YamlSource.parse('config.yml', text).validate(schema);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('YamlSource', () => {
  it('locates a wrong type by line and key path', () => {
    const err = problem('name: aws\nspec:\n  accounts:\n    - id: "1"\n    - id: 2\n');
    expect(err.message).toBe('config.yml:5: spec.accounts[1].id: Invalid input: expected string, received number');
    expect(err.code).toBe('CONFIG_INVALID');
  });

  it('points at an unknown key itself', () => {
    expect(problem('name: aws\nspec:\n  accounts: []\n  concurency: 4\n').message).toBe('config.yml:4: spec.concurency: unknown key');
  });

  it('names a missing key at its parent', () => {
    expect(problem('name: aws\nspec:\n  concurrency: 4\n').message).toMatch(/^config\.yml:2: spec\.accounts: /);
  });

  it('reports YAML syntax errors with their line', () => {
    expect(problem('name: aws\nspec: [\n').message).toMatch(/^config\.yml:\d: invalid YAML/);
  });

  it('reads every document of a multi-document file', () => {
    const source = YamlSource.parse('c.yml', 'name: a\n---\nname: b\n');
    expect(source.documents).toHaveLength(2);
    expect(source.lineOf(1, ['name'])).toBe(3);
  });
});
