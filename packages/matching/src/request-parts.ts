import { Policy, type PolicyInput } from '@stem-match/domain';
import { components } from './components.js';
import { buildModel } from './model.js';
import type { MatchOptions, MatchSnapshot } from './types.js';

/**
 * The engine's independent parts as request indices only: what `partition` gives without working
 * out each part's ambassadors, which nationally costs more than the split itself. For callers that
 * choose a part's ambassadors themselves: with every ambassador who could take one of its requests
 * (each in-person one in travel range, every online one) in their original order, a part is solved
 * exactly as in the whole — the same assignments; only an unfilled request's `nearest_km` may differ.
 */
export function requestParts(
  snapshot: MatchSnapshot,
  policyInput: PolicyInput = {},
  options: MatchOptions = {},
): number[][] {
  const policy = Policy.parse(policyInput);
  return components(buildModel(snapshot, policy, options, policy.engine_candidates));
}
