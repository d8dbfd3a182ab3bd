import { createConnection, createHubClient } from '@stem-match/queue';
import { startRedisCluster } from '@stem-match/store';

const c = await startRedisCluster();
const conn = createConnection(c.url, 'producer');
const hub = createHubClient({ hub: 'kent', connection: conn, prefix: 'x:{s}', queuePrefix: '{q}' });
try {
  await hub.respondToOffer({ request_id: 'R1', ambassador_id: 'A1', response: 'accept' });
  console.log('ok');
} catch (e) {
  console.log('ERR', e, (e as any).cause);
}
await hub.close();
conn.disconnect();
await c.stop();
