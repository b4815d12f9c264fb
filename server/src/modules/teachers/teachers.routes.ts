// SCAFFOLD: replaced by the teachers module.
import type { App, Deps } from '../../deps.js';

export async function teachersRoutes(_app: App, _deps: Deps) {}
