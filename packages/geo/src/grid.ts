import { osgb36ToWgs84, wgs84ToOsgb36 } from './osgb.js';

/** A square of the British National Grid, `km` on a side: the unit of supply and the map. */
export interface GridCell {
  key: string;
  /** South-west corner, in km east and north of the grid's origin. */
  east_km: number;
  north_km: number;
  /** Centre, for the map. */
  lat: number;
  lon: number;
}

export function cellOf(lat: number, lon: number, km: number): GridCell {
  const { easting, northing } = wgs84ToOsgb36(lat, lon);
  const east = Math.floor(easting / 1000 / km) * km;
  const north = Math.floor(northing / 1000 / km) * km;
  const centre = osgb36ToWgs84((east + km / 2) * 1000, (north + km / 2) * 1000);
  return { key: `${east}:${north}`, east_km: east, north_km: north, lat: centre.lat, lon: centre.lon };
}

/** Memoises cellOf per point: the same school or base is converted once. */
export function cellFinder(km: number): (lat: number, lon: number) => GridCell {
  const seen = new Map<string, GridCell>();
  return (lat, lon) => {
    const k = `${lat},${lon}`;
    const known = seen.get(k);
    if (known) return known;
    const c = cellOf(lat, lon, km);
    seen.set(k, c);
    return c;
  };
}

/** `E 530 N 180 (TN34)`: the cell's corner in grid km, and the commonest postcode district in it. */
export function cellLabel(cell: GridCell, district?: string): string {
  return `E ${cell.east_km} N ${cell.north_km}${district ? ` (${district})` : ''}`;
}

/** The outward code of a UK postcode ("TN34 1AB" → "TN34"). */
export function postcodeDistrict(postcode: string | undefined): string | undefined {
  const m = postcode
    ?.trim()
    .toUpperCase()
    .match(/^([A-Z]{1,2}\d[A-Z\d]?)\s*\d[A-Z]{2}$/);
  return m?.[1];
}
