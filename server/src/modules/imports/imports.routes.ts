// SCAFFOLD: replaced by the imports module.
import type { App, Deps } from '../../deps.js';

export async function importsRoutes(_app: App, _deps: Deps) {}
