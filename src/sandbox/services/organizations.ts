import { defineService } from './service.js';

export const organizationsService = defineService({ name: 'organizations', global: true, handlers: {} });
