import { createHash, randomBytes } from 'node:crypto';
import { keysFor } from '@stem-match/store';
import { hubQueue, hubRegistry } from './hub-queues.js';
import { QUEUES } from './names.js';

/** One Redis ACL user: its name, its password (shown once, stored only as a hash), and its rule line. */
export interface AclUser {
  user: string;
  /** undefined for a user that is switched off. */
  password?: string;
  /** The hub whose producer this is, if it is one. */
  hub?: string;
  line: string;
}

/** The user names `acl` generates. */
export const ACL_USERS = {
  hub: (hub: string) => `hub-${hub}`,
  worker: 'stem-worker',
  admin: 'stem-admin',
} as const;

// Hub producers: reads and writes on their own keys only, through BullMQ's scripts (Redis checks
// every key a script touches against the user's patterns). Nothing that lists, scans or flushes,
// nothing that changes the server or the scripts; INFO and CLIENT SETNAME because ioredis and
// BullMQ ask for the server version and name their connections.
const HUB_COMMANDS = [
  '-@all',
  '+@read',
  '+@write',
  '+@transaction',
  '+@scripting',
  '+@connection',
  '-@dangerous',
  '-@admin',
  '+info',
  '-scan',
  '-randomkey',
  '-dbsize',
  '-script|flush',
  '-script|kill',
  '-script|debug',
  '-function|flush',
  '-function|delete',
  '-function|restore',
  '-function|load',
  '-function|kill',
];

// The services: everything on the store's and the queues' keys, but nothing that changes the server
// or its users, nor FLUSHALL/KEYS/DEBUG. CONFIG GET so workers can warn about AOF and eviction.
const WORKER_COMMANDS = ['+@all', '-@dangerous', '-@admin', '+info', '+config|get', '+client|list'];

const password = (): string => randomBytes(24).toString('base64url');
const hashed = (secret: string): string => `#${createHash('sha256').update(secret).digest('hex')}`;

/** A key pattern that matches `literal` exactly, followed by anything. */
const startingWith = (literal: string): string => `${literal.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}*`;

/**
 * Redis ACL rules (an ACL file's lines) so each hub's producer credentials can submit to, and read
 * from, its own hub's intake only: its own queues (`intake.<hub>`, `offers.<hub>`), read-only its own
 * requests and offers in the store, and one command (SADD) on the set that tells the workers it
 * exists. The services get a worker user; operators an admin user; the default user is switched off.
 * Passwords are random, returned once here, and written to the file only as SHA-256 hashes.
 */
export function aclRules(options: {
  hubs: readonly string[];
  prefix: string;
  queuePrefix: string;
  /** For tests: fixed passwords instead of random ones. */
  passwordFor?: (user: string) => string;
}): AclUser[] {
  const keys = keysFor(options.prefix);
  const q = options.queuePrefix;
  const secret = options.passwordFor ?? password;
  const hubs = [...new Set(options.hubs)].sort();
  // The store's keys are `<hub>:<id>`; a hub whose id begins with another's and a ':' would be able
  // to read the other's keys through its pattern.
  for (const a of hubs)
    for (const b of hubs)
      if (a !== b && b.startsWith(`${a}:`))
        throw new Error(
          `hub ids "${a}" and "${b}" overlap in the store's keys; per-hub access needs distinct ids`,
        );
  const users: AclUser[] = [];
  const user = (name: string, rules: string[], hub?: string) => {
    const pw = secret(name);
    users.push({
      user: name,
      password: pw,
      ...(hub === undefined ? {} : { hub }),
      line: ['user', name, 'reset', 'on', hashed(pw), ...rules].join(' '),
    });
  };
  for (const hub of hubs) {
    user(
      ACL_USERS.hub(hub),
      [
        'resetchannels',
        ...HUB_COMMANDS,
        `~${startingWith(`${q}:${hubQueue(QUEUES.intake, hub)}:`)}`,
        `~${startingWith(`${q}:${hubQueue(QUEUES.offers, hub)}:`)}`,
        `%R~${startingWith(keys.request(`${hub}:`))}`,
        `%R~${startingWith(keys.offers(`${hub}:`))}`,
        `(~${startingWith(hubRegistry(q)).slice(0, -1)} -@all +sadd)`,
      ],
      hub,
    );
  }
  user(ACL_USERS.worker, [
    ...WORKER_COMMANDS,
    `~${startingWith(`${keys.prefix}:`)}`,
    `~${startingWith(`${q}:`)}`,
    '&*',
  ]);
  user(ACL_USERS.admin, ['+@all', '~*', '&*']);
  users.push({ user: 'default', line: 'user default reset off' });
  return users;
}

/** The ACL file: one line per user, as `aclfile` or `ACL LOAD` read it. */
export const aclFile = (users: readonly AclUser[]): string => `${users.map((u) => u.line).join('\n')}\n`;
