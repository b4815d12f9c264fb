// SCAFFOLD: replaced by the accounts module.
import type { App, Deps } from '../../deps.js';

export async function accountsRoutes(_app: App, _deps: Deps) {}
