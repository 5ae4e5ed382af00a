// The limiter is the engine's (it bounds calls there too); discovery uses the same one.
export { createLimiter, type Limiter, type PriorityLimiter } from '../engine/limit.js';
