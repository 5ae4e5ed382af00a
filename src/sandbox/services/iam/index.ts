import { defineService } from '../service.js';

export const iamService = defineService({ name: 'iam', global: true, handlers: {} });
