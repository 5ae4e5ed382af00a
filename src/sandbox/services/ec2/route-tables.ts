import type { Route, RouteTable, RouteTableAssociation } from '@aws-sdk/client-ec2';
import { tagsFor } from '../../data/common.js';
import type { Handler } from '../service.js';
import { describe, notFoundError, type Collection } from './describe.js';
import { natInSubnet, routeTableSubnet, routeTableVpc } from './attachments.js';
import { idOf, indexOfId, layoutOf, subnetIsPublic, vpcCidr, vpcHasInternetGateway, type Layout } from './layout.js';
import { cidrText } from './net.js';
import { vpcName } from './vpcs.js';

function defaultRoute(target: Partial<Route>): Route {
  return { DestinationCidrBlock: '0.0.0.0/0', Origin: 'CreateRoute', State: 'active', ...target };
}

/**
 * Main tables send 0.0.0.0/0 to the VPC's internet gateway. Extra tables serve one subnet: through
 * a NAT gateway of that subnet when there is one, else through the internet gateway when the
 * subnet is public, else they only route inside the VPC.
 */
function routes(layout: Layout, table: number, vpc: number): Route[] {
  const local: Route = { DestinationCidrBlock: cidrText(vpcCidr(layout, vpc)), GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' };
  const igw = vpcHasInternetGateway(layout, vpc) ? idOf(layout, 'internetGateway', vpc) : undefined;
  if (table < layout.vpcs) return igw ? [local, defaultRoute({ GatewayId: igw })] : [local];
  const subnet = (table - layout.vpcs) % layout.subnets;
  const nat = natInSubnet(layout, subnet);
  if (nat !== undefined) return [local, defaultRoute({ NatGatewayId: idOf(layout, 'natGateway', nat) })];
  if (igw && subnetIsPublic(layout, subnet)) return [local, defaultRoute({ GatewayId: igw })];
  return [local];
}

function routeTableAt(layout: Layout, table: number): RouteTable {
  const vpc = routeTableVpc(layout, table);
  const id = idOf(layout, 'routeTable', table);
  const subnet = routeTableSubnet(layout, table);
  const associations: RouteTableAssociation[] = [];
  const association = { RouteTableAssociationId: idOf(layout, 'routeTableAssociation', table), RouteTableId: id };
  if (table < layout.vpcs) associations.push({ Main: true, ...association, AssociationState: { State: 'associated' } });
  else if (subnet !== undefined) {
    associations.push({ Main: false, ...association, SubnetId: idOf(layout, 'subnet', subnet), AssociationState: { State: 'associated' } });
  }
  const label = vpcName(layout, vpc);
  return {
    Associations: associations,
    PropagatingVgws: [],
    RouteTableId: id,
    Routes: routes(layout, table, vpc),
    // AWS creates main tables untagged; teams name the ones they add.
    Tags:
      table < layout.vpcs
        ? undefined
        : tagsFor(layout.universe, layout.cell, 'ec2.route_table', table, `${label ?? 'default'}-rt-${table - layout.vpcs}`),
    VpcId: idOf(layout, 'vpc', vpc),
    OwnerId: layout.cell.accountId,
  };
}

function collection(layout: Layout): Collection<RouteTable> {
  const associations = (t: RouteTable) => t.Associations ?? [];
  const routeList = (t: RouteTable) => t.Routes ?? [];
  return {
    total: layout.routeTables,
    itemAt: (index) => routeTableAt(layout, index),
    tags: (table) => table.Tags,
    filters: {
      'route-table-id': (t) => t.RouteTableId,
      'vpc-id': (t) => t.VpcId,
      'owner-id': (t) => t.OwnerId,
      'association.main': (t) => associations(t).map((a) => a.Main),
      'association.subnet-id': (t) => associations(t).map((a) => a.SubnetId),
      'association.route-table-association-id': (t) => associations(t).map((a) => a.RouteTableAssociationId),
      'association.route-table-id': (t) => associations(t).map((a) => a.RouteTableId),
      'route.destination-cidr-block': (t) => routeList(t).map((r) => r.DestinationCidrBlock),
      'route.gateway-id': (t) => routeList(t).map((r) => r.GatewayId),
      'route.nat-gateway-id': (t) => routeList(t).map((r) => r.NatGatewayId),
      'route.origin': (t) => routeList(t).map((r) => r.Origin),
      'route.state': (t) => routeList(t).map((r) => r.State),
    },
  };
}

export const describeRouteTables: Handler = (input, ctx) => {
  const layout = layoutOf(ctx.universe, ctx.cell);
  return describe(input, ctx, collection(layout), {
    ids: [
      {
        key: 'RouteTableIds',
        indexOf: (id) => indexOfId(layout, 'routeTable', id, layout.routeTables),
        notFound: (missing) => notFoundError('InvalidRouteTableID.NotFound', 'routeTable', missing),
      },
    ],
  });
};
