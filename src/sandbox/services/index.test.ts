import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serviceModels } from '../../models/index.js';
import { weightedKinds } from '../data/catalog.js';
import { services } from './index.js';

describe('the service registry', () => {
  it('serves every service that has a model, under its signing name', () => {
    expect(Object.keys(services).sort()).toEqual(Object.keys(serviceModels).sort());
  });

  it('has a handler for every operation in the models, and none beyond them', () => {
    for (const [name, service] of Object.entries(services)) {
      const operations = Object.keys(serviceModels[name]?.operations ?? {}).sort();
      expect(Object.keys(service.handlers).sort(), name).toEqual(operations);
    }
  });

  it('counts every kind that --scale drives, each once', () => {
    const counted = Object.values(services).flatMap((s) => (s.kinds ?? []).map((k) => k.kind));
    expect(new Set(counted).size).toBe(counted.length);
    for (const { kind } of weightedKinds) expect(counted, kind).toContain(kind);
  });
});

describe('the real-SDK suites', () => {
  it('call every operation of every service through its SDK client', () => {
    const root = resolve(import.meta.dirname, '..', '..', '..');
    const files = ['src', 'test'].flatMap((dir) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.test.ts')).map((f) => join(root, dir, f)),
    );
    const sources = files.map((f) => readFileSync(f, 'utf8'));
    const missing: string[] = [];
    for (const [name, model] of Object.entries(serviceModels)) {
      // A suite counts for a service when it imports that service's client package.
      const suites = sources.filter((text) => text.includes(`'@aws-sdk/client-${name}'`));
      for (const operation of Object.keys(model.operations)) {
        const called = suites.some((text) => text.includes(`${operation}Command`) || text.includes(`paginate${operation}`));
        if (!called) missing.push(`${name}:${operation}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
