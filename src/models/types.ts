/**
 * The shape of the AWS API model data in this folder. The data files beside this one are written by
 * `npm run gen:models` from the `aws-sdk` v2 package's `apis/*.min.json`; this file is the only
 * hand-written one here. The format is the min.json format: a reference (`{ shape: 'S1eu' }`) may
 * carry its own serialisation traits (locationName, location, flattened, ...) that override the
 * referenced shape's, and a shape without a `type` is a string.
 */
export type Protocol = 'ec2' | 'query' | 'rest-xml' | 'json' | 'rest-json';

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

export type TimestampFormat = 'iso8601' | 'unixTimestamp' | 'rfc822';

export interface ShapeRef {
  shape?: string;
  type?: ShapeType;
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  required?: string[];
  payload?: string;
  location?: 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';
  locationName?: string;
  queryName?: string;
  flattened?: boolean;
  xmlAttribute?: boolean;
  xmlNamespace?: { prefix?: string; uri: string };
  timestampFormat?: TimestampFormat;
  resultWrapper?: string;
  enum?: string[];
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  jsonvalue?: boolean;
  /** The value is a secret (passwords, keys): canopy never logs it. */
  sensitive?: boolean;
  deprecated?: boolean;
  /** A query-protocol output wrapped in an element named after the shape. */
  wrapper?: boolean;
}

export interface Operation {
  http?: { method?: string; requestUri?: string; responseCode?: number };
  input?: ShapeRef;
  output?: ShapeRef;
  errors?: ShapeRef[];
}

export interface Paginator {
  input_token?: string | string[];
  output_token?: string | string[];
  limit_key?: string;
  more_results?: string;
  result_key?: string | string[];
}

export interface ServiceMetadata {
  apiVersion: string;
  endpointPrefix: string;
  protocol: Protocol;
  serviceId: string;
  signingName?: string;
  jsonVersion?: string;
  targetPrefix?: string;
  xmlNamespace?: string;
  globalEndpoint?: string;
  awsQueryCompatible?: Record<string, never>;
}

export interface ServiceModel {
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, ShapeRef>;
  paginators: Record<string, Paginator>;
}
