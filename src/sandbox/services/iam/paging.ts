import type { PageOptions } from '../service.js';

/**
 * How every IAM Marker/MaxItems operation pages: 100 items unless MaxItems says otherwise, and
 * MaxItems outside 1..1000 is a ValidationError (IAM's query-protocol validation code).
 */
export const iamPage: PageOptions = {
  defaultPageSize: 100,
  maxPageSize: 1000,
  limits: { min: 1, max: 1000, code: 'ValidationError' },
};
