import type { Table } from '../../engine/table.js';
import { sqsQueues } from './queues.js';

/** The sqs tables, one file each beside this one. */
export const sqsTables: Table[] = [sqsQueues];
