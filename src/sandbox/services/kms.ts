import { defineService } from './service.js';

export const kmsService = defineService({ name: 'kms', handlers: {} });
