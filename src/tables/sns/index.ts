import type { Table } from '../../engine/table.js';
import { snsTopics } from './topics.js';

/** The sns tables, one file each beside this one. */
export const snsTables: Table[] = [snsTopics];
