import { describe, expect, it } from 'vitest';
import { serviceModels } from '../../models/index.js';
import type { ServiceModel } from '../../models/types.js';
import { SandboxError } from '../errors.js';
import { decodeRequest, encodeError, encodeOutput } from './index.js';
import type { WireRequest } from './wire.js';

const model = (name: string): ServiceModel => {
  const m = serviceModels[name];
  if (!m) throw new Error(name);
  return m;
};

function form(body: string): WireRequest {
  return {
    method: 'POST',
    path: '/',
    query: new URLSearchParams(),
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: Buffer.from(body),
  };
}

describe('query and ec2 requests', () => {
  it('decodes EC2 filters, id lists and capitalised locationNames', () => {
    const { operation, input } = decodeRequest(
      model('ec2'),
      form('Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&InstanceId.1=i-1&MaxResults=5&NextToken=abc'),
    );
    expect(operation).toBe('DescribeInstances');
    expect(input).toEqual({
      Filters: [{ Name: 'vpc-id', Values: ['vpc-1', 'vpc-2'] }],
      InstanceIds: ['i-1'],
      MaxResults: 5,
      NextToken: 'abc',
    });
  });

  it('decodes query lists nested under member', () => {
    const { input } = decodeRequest(
      model('iam'),
      form('Action=GetAccountAuthorizationDetails&Version=2010-05-08&Filter.member.1=User&Filter.member.2=Role&MaxItems=10'),
    );
    expect(input).toEqual({ Filter: ['User', 'Role'], MaxItems: 10 });
  });

  it('rejects an operation the model does not have', () => {
    expect(() => decodeRequest(model('iam'), form('Action=DeleteUser&UserName=x'))).toThrow(SandboxError);
  });
});

describe('XML responses', () => {
  it('writes EC2 lists as item elements under their locationName, with the request id', () => {
    const ec2 = model('ec2');
    const op = ec2.operations.DescribeRegions;
    if (!op) throw new Error('model');
    const { body } = encodeOutput(ec2, 'DescribeRegions', op, { Regions: [{ RegionName: 'eu-west-1', OptInStatus: 'opt-in-not-required' }] }, 'rid');
    expect(String(body)).toContain('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>rid</requestId>');
    expect(String(body)).toContain('<regionInfo><item><regionName>eu-west-1</regionName><optInStatus>opt-in-not-required</optInStatus></item></regionInfo>');
  });

  it('wraps query results and escapes text', () => {
    const sts = model('sts');
    const op = sts.operations.GetCallerIdentity;
    if (!op) throw new Error('model');
    const { body } = encodeOutput(sts, 'GetCallerIdentity', op, { Account: '1<2', Arn: 'a&b' }, 'rid');
    expect(String(body)).toContain('<GetCallerIdentityResult><Account>1&lt;2</Account><Arn>a&amp;b</Arn></GetCallerIdentityResult>');
    expect(String(body)).toContain('<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata>');
  });

  it('writes S3 grantees with their xsi namespace and type attribute', () => {
    const s3 = model('s3');
    const op = s3.operations.GetBucketAcl;
    if (!op) throw new Error('model');
    const { body } = encodeOutput(s3, 'GetBucketAcl', op, {
      Owner: { ID: 'abc' },
      Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'abc' }, Permission: 'FULL_CONTROL' }],
    }, 'rid');
    expect(String(body)).toContain('<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="CanonicalUser"><ID>abc</ID></Grantee>');
    expect(String(body)).toContain('<AccessControlList><Grant>');
  });

  it('writes a lone string output as the whole document (GetBucketLocation)', () => {
    const s3 = model('s3');
    const op = s3.operations.GetBucketLocation;
    if (!op) throw new Error('model');
    expect(String(encodeOutput(s3, 'GetBucketLocation', op, { LocationConstraint: 'eu-west-1' }, 'r').body)).toContain(
      '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">eu-west-1</LocationConstraint>',
    );
  });
});

describe('JSON', () => {
  it('reads the operation from X-Amz-Target and writes timestamps as epoch seconds', () => {
    const orgs = model('organizations');
    const { operation, input } = decodeRequest(orgs, {
      method: 'POST',
      path: '/',
      query: new URLSearchParams(),
      headers: { 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts' },
      body: Buffer.from('{"MaxResults":2}'),
    });
    expect(operation).toBe('ListAccounts');
    expect(input).toEqual({ MaxResults: 2 });
    const op = orgs.operations.ListAccounts;
    if (!op) throw new Error('model');
    const out = encodeOutput(orgs, 'ListAccounts', op, { Accounts: [{ Id: '1', JoinedTimestamp: new Date(1_700_000_000_500) }] }, 'r');
    expect(JSON.parse(String(out.body))).toEqual({ Accounts: [{ Id: '1', JoinedTimestamp: 1_700_000_000.5 }] });
  });

  it('adds the query error header for query-compatible services', () => {
    const response = encodeError(model('sqs'), new SandboxError('AWS.SimpleQueueService.NonExistentQueue', 'gone'), 'r', 'POST');
    expect(response.headers['x-amzn-query-error']).toBe('AWS.SimpleQueueService.NonExistentQueue;Sender');
    expect(JSON.parse(String(response.body))).toEqual({ __type: 'AWS.SimpleQueueService.NonExistentQueue', message: 'gone' });
  });
});

describe('REST routing', () => {
  const get = (path: string, query = ''): WireRequest => ({
    method: 'GET',
    path,
    query: new URLSearchParams(query),
    headers: {},
    body: Buffer.alloc(0),
  });

  it('routes by method, path labels and query keys, most specific first', () => {
    const s3 = model('s3');
    expect(decodeRequest(s3, get('/')).operation).toBe('ListBuckets');
    expect(decodeRequest(s3, get('/my-bucket', 'tagging=')).operation).toBe('GetBucketTagging');
    expect(decodeRequest(s3, get('/my-bucket', 'tagging=')).input).toEqual({ Bucket: 'my-bucket' });
    expect(decodeRequest(s3, get('/', 'max-buckets=3&continuation-token=t')).input).toEqual({ MaxBuckets: 3, ContinuationToken: 't' });
  });

  it('answers a request no operation matches with each protocol family\'s code: S3 501 NotImplemented', () => {
    const failure = (run: () => unknown): SandboxError => {
      try {
        run();
      } catch (error) {
        if (error instanceof SandboxError) return error;
      }
      throw new Error('expected a SandboxError');
    };
    const s3 = failure(() => decodeRequest(model('s3'), get('/my-bucket', 'max-buckets=3')));
    expect([s3.code, s3.status, s3.message]).toEqual(['NotImplemented', 501, expect.stringMatching(/not valid for S3/)]);
    const put = failure(() => decodeRequest(model('s3'), { ...get('/my-bucket', 'tagging='), method: 'PUT' }));
    expect([put.code, put.status]).toEqual(['NotImplemented', 501]);
    expect(failure(() => decodeRequest(model('iam'), form('Action=DeleteUser&UserName=x'))).code).toBe('InvalidAction');
    const json = { ...form(''), headers: { 'x-amz-target': 'AWSOrganizationsV20161128.CreateAccount' }, body: Buffer.from('{}') };
    expect(failure(() => decodeRequest(model('organizations'), json)).code).toBe('UnknownOperationException');
    expect(failure(() => decodeRequest(model('lambda'), get('/2015-03-31/nothing-here'))).code).toBe('InvalidAction');
  });

  it('decodes URI labels, distinguishing a collection from one of its items', () => {
    const lambda = model('lambda');
    expect(decodeRequest(lambda, get('/2015-03-31/functions/', 'MaxItems=5')).operation).toBe('ListFunctions');
    expect(decodeRequest(lambda, get('/2015-03-31/functions', 'MaxItems=5')).operation).toBe('ListFunctions');
    const one = decodeRequest(lambda, get('/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A1%3Afunction%3Ax'));
    expect(one).toMatchObject({ operation: 'GetFunction', input: { FunctionName: 'arn:aws:lambda:us-east-1:1:function:x' } });
  });

  it('answers REST JSON errors with the error type header', () => {
    const response = encodeError(model('eks'), new SandboxError('ResourceNotFoundException', 'no', 404), 'r', 'GET');
    expect(response.status).toBe(404);
    expect(response.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });
});

describe('S3 documents', () => {
  const s3 = model('s3');
  const encode = (operation: string, output: Record<string, unknown>) => {
    const op = s3.operations[operation];
    if (!op) throw new Error(`model has no ${operation}`);
    return encodeOutput(s3, operation, op, output, 'rid');
  };
  /** The root element's name and attributes of an XML document. */
  const root = (body: string | Buffer) => /^<\?xml[^>]*>\n<([A-Za-z]+)([^>]*?)\/?>/.exec(String(body))?.slice(1, 3);
  const ns = ' xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';

  it('names each document root as S3 does (S3 API reference), never <Operation>Result', () => {
    const outputs: Array<[string, Record<string, unknown>, string]> = [
      ['ListBuckets', { Buckets: [{ Name: 'b' }], Owner: { ID: 'o' } }, 'ListAllMyBucketsResult'],
      ['GetBucketTagging', { TagSet: [{ Key: 'k', Value: 'v' }] }, 'Tagging'],
      ['GetBucketVersioning', { Status: 'Enabled' }, 'VersioningConfiguration'],
      ['GetBucketVersioning', {}, 'VersioningConfiguration'],
      ['GetBucketLogging', { LoggingEnabled: { TargetBucket: 't', TargetPrefix: 'p/' } }, 'BucketLoggingStatus'],
      ['GetBucketLogging', {}, 'BucketLoggingStatus'],
      ['GetBucketAcl', { Owner: { ID: 'o' }, Grants: [] }, 'AccessControlPolicy'],
      ['GetBucketLifecycleConfiguration', { Rules: [{ ID: 'r', Status: 'Enabled' }] }, 'LifecycleConfiguration'],
      ['GetBucketPolicyStatus', { PolicyStatus: { IsPublic: false } }, 'PolicyStatus'],
      ['GetPublicAccessBlock', { PublicAccessBlockConfiguration: { BlockPublicAcls: true } }, 'PublicAccessBlockConfiguration'],
      ['GetBucketEncryption', { ServerSideEncryptionConfiguration: { Rules: [] } }, 'ServerSideEncryptionConfiguration'],
      ['GetBucketOwnershipControls', { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] } }, 'OwnershipControls'],
      ['GetBucketLocation', { LocationConstraint: 'eu-west-1' }, 'LocationConstraint'],
    ];
    for (const [operation, output, expected] of outputs) {
      const response = encode(operation, output);
      expect(root(response.body), operation).toEqual([expected, ns]);
      expect(response.headers['content-type']).toBe('application/xml');
    }
    expect(String(encode('GetBucketTagging', { TagSet: [{ Key: 'k', Value: 'v' }] }).body)).toContain(
      `<Tagging${ns}><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>`,
    );
    expect(String(encode('GetBucketPolicy', { Policy: '{"Version":"2012-10-17"}' }).body)).toBe('{"Version":"2012-10-17"}');
  });

  it('knows the root of every S3 operation in the models', () => {
    for (const operation of Object.keys(s3.operations)) {
      const output = operation === 'GetBucketPolicy' ? { Policy: '{}' } : {};
      expect(() => encode(operation, output), operation).not.toThrow();
      expect(String(encode(operation, output).body), operation).not.toContain(`<${operation}Result`);
    }
  });

  it('sends HeadBucket as headers alone', () => {
    const response = encode('HeadBucket', { BucketRegion: 'eu-west-1', AccessPointAlias: false });
    expect(response).toMatchObject({ status: 200, body: '' });
    expect(response.headers['x-amz-bucket-region']).toBe('eu-west-1');
    expect(response.headers['x-amz-access-point-alias']).toBe('false');
  });

  it('writes an error\'s extra headers and elements, and only the headers for HEAD', () => {
    const redirect = new SandboxError('PermanentRedirect', 'elsewhere', 301, true, {
      headers: { 'x-amz-bucket-region': 'eu-west-1' },
      fields: { Endpoint: 'b.s3.eu-west-1.amazonaws.com', Bucket: 'b' },
    });
    const get = encodeError(s3, redirect, 'rid', 'GET');
    expect(get.status).toBe(301);
    expect(get.headers['x-amz-bucket-region']).toBe('eu-west-1');
    expect(String(get.body)).toContain(
      '<Error><Code>PermanentRedirect</Code><Message>elsewhere</Message><Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint><Bucket>b</Bucket><RequestId>rid</RequestId></Error>',
    );
    const head = encodeError(s3, redirect, 'rid', 'HEAD');
    expect(head).toMatchObject({ status: 301, body: '' });
    expect(head.headers['x-amz-bucket-region']).toBe('eu-west-1');
  });
});
