import { defineService } from '../service.js';

export const ec2Service = defineService({ name: 'ec2', handlers: {} });
