import { defineService } from './service.js';

export const eksService = defineService({ name: 'eks', handlers: {} });
