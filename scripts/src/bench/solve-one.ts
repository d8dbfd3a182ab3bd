import { match, type SolverName } from '@stem-match/matching';
import { generateDataset } from '../generate/index.js';
import { type InstanceSpec, instanceSnapshot } from './instances.js';

// Runs one solver on one instance in its own process, so its time and peak memory are its own.
// Prints one JSON object on stdout.
const [specJson, solver, limitSeconds] = process.argv.slice(2) as [string, SolverName, string];
const spec = JSON.parse(specJson) as InstanceSpec;
const snapshot = instanceSnapshot(spec, generateDataset);
const started = performance.now();
const result = await match(snapshot, {}, { solver, seed: 1, timeLimitMs: Number(limitSeconds) * 1000 });
const seconds = (performance.now() - started) / 1000;
const inPerson = result.assignments.filter((a) => a.mode === 'in_person');
process.stdout.write(
  `${JSON.stringify({
    priority_filled: result.objective.priority_filled,
    filled: result.objective.filled,
    objective: result.objective.scalar,
    seconds: Math.round(seconds * 1000) / 1000,
    mean_km: inPerson.length
      ? Math.round((inPerson.reduce((s, a) => s + a.distance_km, 0) / inPerson.length) * 10) / 10
      : 0,
    peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    requests: result.stats.requests,
    priority_requests: result.stats.priority_requests,
    ambassadors: result.stats.ambassadors,
    components: result.stats.components,
    largest_component: result.stats.largest_component,
    stage_seconds: result.stats.seconds,
    exact_optimal: result.stats.exact_optimal,
  })}\n`,
);
