export { seededRandom as seededRandomForTests } from '@peapod/engine';
export { ApiServer } from '../src/api/server.js';
export { EventQueue } from '../src/event-queue.js';
export { cidrContains, parseCidr, parseIPv4 } from '../src/net/ipv4.js';
