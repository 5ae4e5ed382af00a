import { defineService } from './service.js';

export const lambdaService = defineService({ name: 'lambda', handlers: {} });
