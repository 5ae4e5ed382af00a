import { defineService } from './service.js';

export const dynamodbService = defineService({ name: 'dynamodb', handlers: {} });
