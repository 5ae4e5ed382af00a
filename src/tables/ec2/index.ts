import type { Table } from '../../engine/table.js';
import { ec2EbsVolumes } from './ebs-volumes.js';
import { ec2Eips } from './eips.js';
import { ec2Images } from './images.js';
import { ec2Instances } from './instances.js';
import { ec2InternetGateways } from './internet-gateways.js';
import { ec2NatGateways } from './nat-gateways.js';
import { ec2NetworkInterfaces } from './network-interfaces.js';
import { awsRegions } from './regions.js';
import { ec2RouteTables } from './route-tables.js';
import { ec2SecurityGroups } from './security-groups.js';
import { ec2Subnets } from './subnets.js';
import { ec2Vpcs } from './vpcs.js';

/** The ec2 tables, one file each beside this one (aws_regions included: CloudQuery reads it through EC2). */
export const ec2Tables: Table[] = [
  ec2EbsVolumes,
  ec2Eips,
  ec2Images,
  ec2Instances,
  ec2InternetGateways,
  ec2NatGateways,
  ec2NetworkInterfaces,
  ec2RouteTables,
  ec2SecurityGroups,
  ec2Subnets,
  ec2Vpcs,
  awsRegions,
];
