// The demo accounts the server prints at first start (server/src/db/seed/demo.ts is the source).
import { DEMO_LOGINS } from '../../server/src/db/seed/demo.js';

export function demoPassword(username: string): string {
  const found = DEMO_LOGINS.find((l) => l.username === username);
  if (!found) {
    throw new Error(
      `demo login "${username}" not found in DEMO_LOGINS (${DEMO_LOGINS.map((l) => l.username).join(', ')})`,
    );
  }
  return found.password;
}
