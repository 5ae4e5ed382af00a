import { defineService } from '../service.js';

export const s3Service = defineService({ name: 's3', handlers: {} });
