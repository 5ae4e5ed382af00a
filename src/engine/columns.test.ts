import { describe, expect, it } from 'vitest';
import { serviceModels } from '../models/index.js';
import type { ServiceModel } from '../models/types.js';
import { columnsFromShape, itemShape } from './columns.js';

const model = (name: string): ServiceModel => serviceModels[name] as ServiceModel;

describe('columns from the AWS models', () => {
  it('takes the empty path as the output itself (Lambda GetFunction is the item)', () => {
    const columns = columnsFromShape(model('lambda'), itemShape(model('lambda'), 'GetFunction', ''));
    expect(columns.map((c) => c.name).sort()).toEqual(['code', 'concurrency', 'configuration', 'tags']);
  });

  it('derives aws_ec2_instances columns from DescribeInstances.Reservations[].Instances[]', () => {
    const columns = columnsFromShape(model('ec2'), itemShape(model('ec2'), 'DescribeInstances', 'Reservations[].Instances[]'));
    const byName = new Map(columns.map((c) => [c.name, c.type]));
    expect(byName.get('instance_id')).toBe('string');
    expect(byName.get('launch_time')).toBe('timestamp');
    expect(byName.get('ami_launch_index')).toBe('int');
    expect(byName.get('ebs_optimized')).toBe('bool');
    expect(byName.get('security_groups')).toBe('json');
    expect(byName.get('iam_instance_profile')).toBe('json');
    expect(byName.get('tags')).toBe('json');
    expect(columns.length).toBeGreaterThan(50);
  });

  it('types lists of strings as string lists and keeps the model order', () => {
    const columns = columnsFromShape(model('lambda'), itemShape(model('lambda'), 'ListFunctions', 'Functions[]'));
    expect(columns[0]?.name).toBe('function_name');
    expect(columns.find((c) => c.name === 'architectures')?.type).toBe('string_list');
    expect(columns.find((c) => c.name === 'memory_size')?.type).toBe('int');
  });

  it('names the missing member of a wrong path', () => {
    expect(() => itemShape(model('ec2'), 'DescribeInstances', 'Reservations[].Instancez[]')).toThrow('has no member Instancez');
  });
});
