import type { Organisation } from '@stem-match/domain';
import { cellLabel, cellOf, type GridCell, osgb36ToWgs84, postcodeDistrict } from '@stem-match/geo';
import { WhatIfInputError } from './errors.js';
import type { PlaceRef } from './recruit-text.js';

/** Where a batch of hypothetical recruits is based. */
export interface Place {
  /** For people: `TN34`, `50.86,0.58` or the supply report's `E 530 N 110 (TN34)`. */
  label: string;
  lat: number;
  lon: number;
  /** Set when the place is a grid square: its recruits' defaults come from the requests in it. */
  cell?: GridCell;
  /** Organisations the place was worked out from (0 for a point, or a square with none). */
  organisations: number;
}

/**
 * Finds places in a dataset's own organisations: a postcode district is the centroid of the
 * organisations whose postcode is in it; a grid square (the supply report's, `cellKm` on a side)
 * the centroid of the organisations in it, or its centre when it has none; a point is itself.
 */
export class Places {
  private byDistrict: Map<string, Organisation[]> | undefined;
  private byCell: Map<string, Organisation[]> | undefined;
  private readonly cellOfOrg = new Map<string, GridCell>();

  constructor(
    private readonly organisations: readonly Organisation[],
    readonly cellKm: number,
  ) {}

  locate(ref: PlaceRef): Place {
    if (ref.kind === 'point')
      return { label: `${ref.lat},${ref.lon}`, lat: ref.lat, lon: ref.lon, organisations: 0 };
    if (ref.kind === 'district') {
      const orgs = this.districts().get(ref.district);
      if (!orgs)
        throw new WhatIfInputError(
          `no organisation in the dataset has a postcode in district ${ref.district}, so it cannot be placed; name it by latitude,longitude instead (e.g. "near 50.86,0.58")`,
        );
      return { label: ref.district, ...centroid(orgs), organisations: orgs.length };
    }
    const { east_km, north_km } = ref;
    if (east_km % this.cellKm !== 0 || north_km % this.cellKm !== 0)
      throw new WhatIfInputError(
        `"E ${east_km} N ${north_km}" is not a corner of a ${this.cellKm} km grid square (both numbers are multiples of ${this.cellKm}, as in the supply report)`,
      );
    const centre = osgb36ToWgs84((east_km + this.cellKm / 2) * 1000, (north_km + this.cellKm / 2) * 1000);
    return this.cellPlace(cellOf(centre.lat, centre.lon, this.cellKm));
  }

  /** The grid square an organisation is in. */
  cellOfOrganisation(org: Organisation): GridCell {
    let cell = this.cellOfOrg.get(org.id);
    if (!cell) {
      cell = cellOf(org.lat, org.lon, this.cellKm);
      this.cellOfOrg.set(org.id, cell);
    }
    return cell;
  }

  cellPlace(cell: GridCell): Place {
    const orgs = this.cells().get(cell.key) ?? [];
    const districts = new Map<string, number>();
    for (const o of orgs) {
      const d = postcodeDistrict(o.postcode);
      if (d) districts.set(d, (districts.get(d) ?? 0) + 1);
    }
    const commonest = [...districts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    return {
      label: cellLabel(cell, commonest),
      ...(orgs.length > 0 ? centroid(orgs) : { lat: cell.lat, lon: cell.lon }),
      cell,
      organisations: orgs.length,
    };
  }

  private districts(): Map<string, Organisation[]> {
    this.byDistrict ??= groupBy(this.organisations, (o) => postcodeDistrict(o.postcode));
    return this.byDistrict;
  }

  private cells(): Map<string, Organisation[]> {
    this.byCell ??= groupBy(this.organisations, (o) => this.cellOfOrganisation(o).key);
    return this.byCell;
  }
}

function groupBy<T>(items: readonly T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

function centroid(points: ReadonlyArray<{ lat: number; lon: number }>): { lat: number; lon: number } {
  const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
  const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
  return { lat: round5(lat), lon: round5(lon) };
}
