import { defineService } from './service.js';

export const rdsService = defineService({ name: 'rds', handlers: {} });
