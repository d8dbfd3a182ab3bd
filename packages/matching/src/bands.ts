import type { Ambassador } from '@stem-match/domain';
import { distanceKm, PointIndex } from '@stem-match/geo';

/** In-person ambassadors whose travel radius rounds up to the same 10 km, with an index over their bases. */
export interface TravelBand {
  /** The longest travel radius in the band: no one in it reaches further. */
  travelKm: number;
  index: PointIndex;
  /** Ambassador indices, in the order of the index's points. */
  ambassadors: number[];
}

const BAND_KM = 10;

/**
 * Splits ambassadors into travel bands, so "who could reach here" looks only as far as each band
 * travels: most ambassadors travel 10–20 km, and searching all of them out to the longest radius
 * would scan several times the area.
 */
export function travelBands(list: readonly number[], ambassadorOf: (i: number) => Ambassador): TravelBand[] {
  const groups = new Map<number, number[]>();
  for (const i of list) {
    const band = Math.max(1, Math.ceil(ambassadorOf(i).travel_km / BAND_KM));
    const group = groups.get(band);
    if (group) group.push(i);
    else groups.set(band, [i]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([, ambassadors]) => ({
      travelKm: ambassadors.reduce((m, i) => Math.max(m, ambassadorOf(i).travel_km), 0),
      index: new PointIndex(ambassadors.map(ambassadorOf)),
      ambassadors,
    }));
}

/**
 * Visits the banded ambassadors whose base lies within `radius` km of (lat, lon) and within their
 * band's longest travel radius, skipping those within `seen` km (already visited by a smaller
 * search). `accept` runs first, before any distance is computed. The caller checks each one's own
 * travel radius.
 */
export function forEachInBands(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  radius: number,
  visit: (amb: number, km: number) => void,
  accept?: (amb: number) => boolean,
  seen = -1,
): void {
  for (const band of bands) {
    const r = Math.min(radius, band.travelKm);
    if (r <= seen) continue;
    band.index.forEachWithin(
      lat,
      lon,
      r,
      (i, km) => {
        if (km > seen) visit(band.ambassadors[i]!, km);
      },
      accept && ((i) => accept(band.ambassadors[i]!)),
    );
  }
}

/** The nearest banded ambassador passing `accept` (any distance), ties to the lower index. */
export function nearestInBands(
  bands: readonly TravelBand[],
  lat: number,
  lon: number,
  ambassadorOf: (i: number) => Ambassador,
  accept: (amb: number) => boolean,
): number | undefined {
  let best: number | undefined;
  let bestKm = Number.POSITIVE_INFINITY;
  for (const band of bands) {
    const i = band.index.nearest(lat, lon, (k) => accept(band.ambassadors[k]!));
    if (i === undefined) continue;
    const amb = band.ambassadors[i]!;
    const a = ambassadorOf(amb);
    const km = distanceKm(lat, lon, a.lat, a.lon);
    if (km < bestKm || (km === bestKm && best !== undefined && amb < best)) {
      best = amb;
      bestKm = km;
    }
  }
  return best;
}
