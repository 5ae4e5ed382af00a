import { defineService } from './service.js';

export const stsService = defineService({ name: 'sts', handlers: {} });
