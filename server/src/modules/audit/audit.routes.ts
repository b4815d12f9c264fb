// SCAFFOLD: replaced by the audit module.
import type { App, Deps } from '../../deps.js';

export async function auditRoutes(_app: App, _deps: Deps) {}
