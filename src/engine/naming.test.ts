import { describe, expect, it } from 'vitest';
import { toSnakeCase } from './naming.js';

describe('toSnakeCase', () => {
  it.each([
    ['InstanceId', 'instance_id'],
    ['VpcId', 'vpc_id'],
    ['DBInstanceIdentifier', 'db_instance_identifier'],
    ['AccountID', 'account_id'],
    ['IDs', 'ids'],
    ['PostgreSQL', 'postgre_sql'],
    ['TestCamelCaseLongString', 'test_camel_case_long_string'],
    ['testCamelCaseLongString', 'test_camel_case_long_string'],
    ['testIPv4', 'test_ipv4'],
    ['CoreIPs', 'core_ips'],
    ['CoreIps', 'core_ips'],
    ['CoreV1', 'core_v1'],
    ['APIVersion', 'api_version'],
    ['TTLSecondsAfterFinished', 'ttl_seconds_after_finished'],
    ['PodCIDRs', 'pod_cidrs'],
    ['IAMRoles', 'iam_roles'],
    ['testIAM', 'test_iam'],
    ['TestAWSMode', 'test_aws_mode'],
    ['Ipv6Address', 'ipv6_address'],
    ['IamInstanceProfile', 'iam_instance_profile'],
    ['EbsOptimized', 'ebs_optimized'],
    ['SSEAlgorithm', 'sse_algorithm'],
    ['KMSMasterKeyID', 'kms_master_key_id'],
    ['Hello World', 'hello_world'],
    [' H e l l o ', 'h_e_l_l_o'],
  ])('%s -> %s', (name, expected) => {
    expect(toSnakeCase(name)).toBe(expected);
  });
});
