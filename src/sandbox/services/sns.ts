import { defineService } from './service.js';

export const snsService = defineService({ name: 'sns', handlers: {} });
