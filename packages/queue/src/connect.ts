import { readFileSync } from 'node:fs';
import type { Redis, RedisOptions } from 'ioredis';
import type { ServiceConfig } from './config.js';
import { createConnection, type Role } from './connection.js';

/**
 * TLS settings for a `rediss://` URL: ioredis turns TLS on from the scheme and checks the server's
 * certificate against Node's trusted CAs, or against `REDIS_TLS_CA` (a PEM file) for a private CA.
 */
export function tlsOptions(config: Pick<ServiceConfig, 'REDIS_URL' | 'REDIS_TLS_CA'>): RedisOptions {
  if (!config.REDIS_URL.startsWith('rediss://')) return {};
  return { tls: config.REDIS_TLS_CA ? { ca: readFileSync(config.REDIS_TLS_CA) } : {} };
}

/** A connection to the configured Redis (see createConnection), with TLS when the URL asks for it. */
export const connect = (config: ServiceConfig, role: Role, extra: RedisOptions = {}): Redis =>
  createConnection(config.REDIS_URL, role, { ...tlsOptions(config), ...extra });
