import { defineService } from './service.js';

export const cloudtrailService = defineService({ name: 'cloudtrail', handlers: {} });
