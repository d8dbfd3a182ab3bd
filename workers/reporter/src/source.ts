import type { ReportSource } from '@stem-match/reports';
import {
  collect,
  type Store,
  streamAmbassadors,
  streamHistory,
  streamHubs,
  streamOrganisations,
  streamRequestStates,
} from '@stem-match/store';

/** Report facts straight from the store, streamed in batches: a long history never sits in memory. */
export function storeReportSource(store: Store): ReportSource {
  return {
    describe: `the store (${store.keys.prefix})`,
    hubs: () => collect(streamHubs(store)),
    organisations: () => collect(streamOrganisations(store)),
    ambassadors: () => streamAmbassadors(store),
    requests: (reads) => streamRequestStates(store, reads),
    history: () => streamHistory(store),
    sizes: async () => {
      const [ambassadors, requests, history] = await Promise.all([
        store.client.scard(store.keys.ambassadors),
        store.client.scard(store.keys.requests),
        store.client.hlen(store.keys.history),
      ]);
      return { ambassadors, requests, history };
    },
  };
}
