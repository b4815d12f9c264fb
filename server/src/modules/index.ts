// Every module's routes, registered in this order by app.ts.
import type { App, Deps } from '../deps.js';
import { authRoutes } from './auth/auth.routes.js';

export const modules: Array<(app: App, deps: Deps) => Promise<void>> = [authRoutes];
