import { defineService } from './service.js';

export const ecsService = defineService({ name: 'ecs', handlers: {} });
