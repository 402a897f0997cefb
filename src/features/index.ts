import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { pagesRoutes } from './pages/routes.ts';

/** Every feature's routes, registered by createApp. */
export const features: FastifyPluginAsync<{ services: Services }>[] = [pagesRoutes];
