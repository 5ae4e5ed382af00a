import { describe, expect, it } from 'vitest';
import { filePathTemplate, renderPath, s3KeyTemplate } from './path-template.js';

const values = { table: 'aws_ec2_instances', extension: 'json.gz', uuid: 'u-1', time: new Date('2024-01-02T03:04:05Z'), syncId: 's-1' };

describe('path templates', () => {
  it('replaces every placeholder, times in UTC and zero-padded', () => {
    const template = '{{TABLE}}/{{TABLE_HYPHEN}}/{{YEAR}}/{{MONTH}}/{{DAY}}/{{HOUR}}{{MINUTE}}/{{SYNC_ID}}/{{UUID}}.{{FORMAT}}';
    expect(renderPath(template, values)).toBe('aws_ec2_instances/aws-ec2-instances/2024/01/02/0304/s-1/u-1.json.gz');
  });

  it('cleans the result as Go path.Clean does, and leaves unknown placeholders alone', () => {
    expect(renderPath('./out//{{TABLE}}/../x/{{UUID}}/', values)).toBe('out/x/u-1');
    expect(renderPath('{{TABLE}}/{{OTHER}}', values)).toBe('aws_ec2_instances/{{OTHER}}');
  });

  it("applies the file plugin's defaults", () => {
    expect(filePathTemplate({ directory: 'out' })).toBe('out/{{TABLE}}.{{FORMAT}}.{{UUID}}');
    expect(filePathTemplate({ directory: 'out', no_rotate: true })).toBe('out/{{TABLE}}.{{FORMAT}}');
    expect(filePathTemplate({ path: 'out' })).toBe('out/{{TABLE}}.{{FORMAT}}');
    expect(filePathTemplate({ path: 'out/{{TABLE}}/{{UUID}}.{{FORMAT}}' })).toBe('out/{{TABLE}}/{{UUID}}.{{FORMAT}}');
  });

  it("applies the S3 plugin's default", () => {
    expect(s3KeyTemplate({ path: 'lake' })).toBe('lake/{{TABLE}}.{{FORMAT}}.{{UUID}}');
    expect(s3KeyTemplate({ path: 'lake', no_rotate: true })).toBe('lake/{{TABLE}}.{{FORMAT}}');
    expect(s3KeyTemplate({ path: 'lake/{{TABLE}}/{{UUID}}' })).toBe('lake/{{TABLE}}/{{UUID}}');
  });
});
