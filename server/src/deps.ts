// What the app hands every module: no DI container, just this object.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import type { Database, Db } from './db/client.js';
import type { IdCipher } from './lib/crypto.js';

export interface Deps {
  database: Database;
  db: Db;
  /** Replica for reports (same as db without DATABASE_READ_URL). */
  read: Db;
  config: Config;
  cipher: IdCipher;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;
