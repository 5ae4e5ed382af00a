import { defineService } from './service.js';

export const sqsService = defineService({ name: 'sqs', handlers: {} });
