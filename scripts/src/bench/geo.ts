import { distanceKm } from '@stem-match/geo';
import { getDistance } from 'geolib';
import { markdownTable, writeSection } from './markdown.js';
import { round } from './numbers.js';

const CALLS = 2_000_000;

/** Pseudo-random UK points, the same for both contenders. */
function points(n: number): Float64Array {
  const out = new Float64Array(n * 2);
  let x = 12345;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  for (let i = 0; i < n; i++) {
    out[2 * i] = 50 + next() * 8;
    out[2 * i + 1] = -5 + next() * 6;
  }
  return out;
}

function nsPerCall(distance: (aLat: number, aLon: number, bLat: number, bLon: number) => number): number {
  const p = points(1024);
  let sink = 0;
  const time = (calls: number) => {
    const began = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) {
      const a = (i * 2) & 2046;
      const b = (i * 14 + 6) & 2046;
      sink += distance(p[a]!, p[a + 1]!, p[b]!, p[b + 1]!);
    }
    return Number(process.hrtime.bigint() - began) / calls;
  };
  time(CALLS / 10); // warm-up, so both are measured after the JIT has settled
  const ns = time(CALLS);
  if (Number.isNaN(sink)) throw new Error('distance returned NaN');
  return ns;
}

/** `pnpm bench geo`: the engine's great-circle distance against geolib's, in the same run. */
export async function benchGeo(docs: string): Promise<void> {
  const geolib = nsPerCall(
    (aLat, aLon, bLat, bLon) =>
      getDistance({ latitude: aLat, longitude: aLon }, { latitude: bLat, longitude: bLon }, 0.001) / 1000,
  );
  const ours = nsPerCall(distanceKm);
  const line = {
    bench: 'geo',
    calls: CALLS,
    geolib_ns: round(geolib, 1),
    distance_km_ns: round(ours, 1),
    speedup: round(geolib / ours, 1),
  };
  console.log(JSON.stringify(line));
  await writeSection(
    docs,
    'geo',
    `## Distance (\`pnpm bench geo\`)

Great-circle distance between pseudo-random UK points, ${CALLS.toLocaleString('en-GB')} calls each after a
warm-up, in one process: \`@stem-match/geo\`'s \`distanceKm\` (geokdbush's haversine) against geolib's
\`getDistance\` (which the independent checker uses).

${markdownTable(
  ['function', 'ns per call'],
  [
    ['geolib getDistance', line.geolib_ns],
    ['distanceKm (geokdbush)', line.distance_km_ns],
  ],
)}

**distanceKm is ${line.speedup}× faster.**`,
  );
}
