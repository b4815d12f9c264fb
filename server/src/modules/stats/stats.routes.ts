// SCAFFOLD: replaced by the stats module.
import type { App, Deps } from '../../deps.js';

export async function statsRoutes(_app: App, _deps: Deps) {}
