import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { modelsDir, renderModels } from './gen-models.js';
import { modelOperations } from './model-operations.js';

describe('gen:models', () => {
  const first = renderModels();

  it('gives identical output when run twice', () => {
    expect(renderModels()).toEqual(first);
  });

  it('matches the committed src/models (run npm run gen:models after changing the operation list)', () => {
    for (const [name, text] of first) expect(readFileSync(join(modelsDir, name), 'utf8'), name).toBe(text);
  });

  it('keeps exactly the listed operations and a paginator result key wherever it pages', async () => {
    const { serviceModels } = await import('../src/models/index.js');
    for (const [service, operations] of Object.entries(modelOperations)) {
      const model = serviceModels[service];
      expect(Object.keys(model?.operations ?? {}).sort(), service).toEqual([...operations].sort());
      for (const [name, paginator] of Object.entries(model?.paginators ?? {})) {
        expect(paginator.result_key, `${service}.${name}`).toBeTruthy();
      }
    }
  });
});
