import { Ambassador, type AmbassadorDbs } from '@stem-match/domain';
import { physicsAmbassador } from '@stem-match/domain/testing';

/**
 * An ambassador near Hastings with exactly the given DBS check, no expiry unless it names one
 * (commits offer only covered ambassadors).
 */
export const ambassador = (
  id: string,
  dbs: AmbassadorDbs = { dbs_status: 'cleared', dbs_expires: '2029-01-01' },
): Ambassador => {
  const { dbs_expires: _default, ...physics } = physicsAmbassador(id);
  return Ambassador.parse({ ...physics, ...dbs });
};
