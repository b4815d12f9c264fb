// SCAFFOLD: replaced by the org module.
import type { App, Deps } from '../../deps.js';

export async function orgRoutes(_app: App, _deps: Deps) {}
