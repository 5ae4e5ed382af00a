import { cloudtrailService } from './cloudtrail.js';
import { dynamodbService } from './dynamodb.js';
import { ec2Service } from './ec2/index.js';
import { ecsService } from './ecs.js';
import { eksService } from './eks.js';
import { iamService } from './iam/index.js';
import { kmsService } from './kms/index.js';
import { lambdaService } from './lambda.js';
import { organizationsService } from './organizations.js';
import { rdsService } from './rds/index.js';
import { s3Service } from './s3/index.js';
import type { ServiceDefinition } from './service.js';
import { snsService } from './sns.js';
import { sqsService } from './sqs.js';
import { stsService } from './sts.js';

/** Every service the sandbox serves, by signing name (the SigV4 credential scope's service). */
export const services: Record<string, ServiceDefinition> = Object.fromEntries(
  [
    cloudtrailService,
    dynamodbService,
    ec2Service,
    ecsService,
    eksService,
    iamService,
    kmsService,
    lambdaService,
    organizationsService,
    rdsService,
    s3Service,
    snsService,
    sqsService,
    stsService,
  ].map((s) => [s.name, s]),
);
