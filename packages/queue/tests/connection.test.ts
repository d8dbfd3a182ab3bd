import { Cluster, Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createConnection, describeConnection, isClusterUrl, parseClusterUrl } from '../src/connection.js';

describe('cluster URLs', () => {
  it('reads seeds, credentials and TLS from redis-cluster:// and rediss-cluster://', () => {
    expect(parseClusterUrl('redis-cluster://10.0.0.5:6379,10.0.0.6:6380')).toEqual({
      nodes: [
        { host: '10.0.0.5', port: 6379 },
        { host: '10.0.0.6', port: 6380 },
      ],
      tls: false,
    });
    expect(parseClusterUrl('rediss-cluster://stem-worker:p%40ss@redis-1.example:6379/')).toEqual({
      nodes: [{ host: 'redis-1.example', port: 6379 }],
      username: 'stem-worker',
      password: 'p@ss',
      tls: true,
    });
    expect(parseClusterUrl('redis-cluster://[::1]:7000').nodes).toEqual([{ host: '::1', port: 7000 }]);
  });

  it('names the seed that is not host:port', () => {
    expect(() => parseClusterUrl('redis-cluster://10.0.0.5:6379,10.0.0.6')).toThrow(
      /cluster seed "10.0.0.6" in the Redis URL is not host:port/,
    );
    expect(() => parseClusterUrl('redis-cluster://h:99999')).toThrow(/"h:99999"/);
    expect(() => parseClusterUrl('redis://h:1')).toThrow(/expected a cluster URL/);
  });

  it('makes a Cluster for cluster URLs and a Redis otherwise, never connecting here', () => {
    expect(isClusterUrl('redis-cluster://h:1')).toBe(true);
    expect(isClusterUrl('redis://h:1')).toBe(false);
    const cluster = createConnection('redis-cluster://127.0.0.1:1,127.0.0.1:2', 'producer', {
      lazyConnect: true,
    });
    const single = createConnection('redis://127.0.0.1:1', 'producer', { lazyConnect: true });
    try {
      expect(cluster).toBeInstanceOf(Cluster);
      expect(single).toBeInstanceOf(Redis);
      expect(describeConnection(cluster)).toBe('cluster 127.0.0.1:1,127.0.0.1:2');
      expect(describeConnection(single)).toBe('127.0.0.1:1');
      // Producers fail fast on a cluster too: one retry per request.
      expect((cluster as Cluster).options.redisOptions?.maxRetriesPerRequest).toBe(1);
      expect((cluster as Cluster).options.redisOptions?.lazyConnect).toBe(true);
    } finally {
      cluster.disconnect();
      single.disconnect();
    }
  });

  it('accepts cluster URLs in REDIS_URL and refuses other schemes by name', () => {
    expect(loadConfig({ REDIS_URL: 'redis-cluster://a:1,b:2' }).REDIS_URL).toBe('redis-cluster://a:1,b:2');
    expect(() => loadConfig({ REDIS_URL: 'http://a:1' })).toThrow(/REDIS_URL/);
  });
});
