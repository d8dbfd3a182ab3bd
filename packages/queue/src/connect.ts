import { readFileSync } from 'node:fs';
import type { RedisOptions } from 'ioredis';
import type { ServiceConfig } from './config.js';
import { type Connection, createConnection, type Role } from './connection.js';

/**
 * TLS settings for a `rediss://` URL: ioredis turns TLS on from the scheme and checks the server's
 * certificate against Node's trusted CAs, or against `REDIS_TLS_CA` (a PEM file) for a private CA.
 */
export function tlsOptions(config: Pick<ServiceConfig, 'REDIS_URL' | 'REDIS_TLS_CA'>): RedisOptions {
  if (!/^rediss(-cluster)?:\/\//.test(config.REDIS_URL)) return {};
  return { tls: config.REDIS_TLS_CA ? { ca: readFileSync(config.REDIS_TLS_CA) } : {} };
}

/**
 * A connection to the configured Redis or Redis Cluster (see createConnection), with TLS when the
 * URL asks for it.
 */
export const connect = (config: ServiceConfig, role: Role, extra: RedisOptions = {}): Connection =>
  createConnection(config.REDIS_URL, role, { ...tlsOptions(config), ...extra });
