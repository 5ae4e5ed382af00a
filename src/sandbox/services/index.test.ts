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
