import type { Ambassador, Organisation, ReportSection } from '@stem-match/domain';
import { cellFinder, cellLabel, type GridCell, postcodeDistrict } from '@stem-match/geo';
import type { ReportContext } from '../context.js';
import { column, table } from '../doc.js';
import { dbsValidOn } from '../eligibility.js';
import { round } from '../stats.js';
import { Tally } from '../tally.js';

interface CellCounts {
  cell: GridCell;
  unmet: number;
  ambassadors: number;
  districts: Tally;
}

/**
 * Unmet demand and ambassador coverage per grid cell: the map's numbers (and its table). Coverage
 * counts ambassadors who could visit in person — DBS cleared and not expired on the report date.
 */
export function coverageMap(ctx: ReportContext) {
  const find = cellFinder(ctx.options.cell_km);
  const cells = new Map<string, CellCounts>();
  // An organisation's square and postcode district, worked out once however many requests it has.
  const places = new Map<string, { counts: CellCounts; district: string | undefined }>();
  const at = (lat: number, lon: number): CellCounts => {
    const cell = find(lat, lon);
    const known = cells.get(cell.key);
    if (known) return known;
    const c = { cell, unmet: 0, ambassadors: 0, districts: new Tally() };
    cells.set(cell.key, c);
    return c;
  };
  return {
    ambassador(a: Ambassador): void {
      if (!ctx.inScope(a.hub) || !a.in_person || !dbsValidOn(a, ctx.asOf)) return;
      at(a.lat, a.lon).ambassadors++;
    },
    unmet(org: Organisation): void {
      let place = places.get(org.id);
      if (!place) {
        place = { counts: at(org.lat, org.lon), district: postcodeDistrict(org.postcode) };
        places.set(org.id, place);
      }
      place.counts.unmet++;
      if (place.district) place.counts.districts.add(place.district);
    },
    cells(): CellCounts[] {
      return [...cells.values()].sort((a, b) => b.unmet - a.unmet || a.cell.key.localeCompare(b.cell.key));
    },
    label(c: CellCounts): string {
      return cellLabel(c.cell, c.districts.entries()[0]?.[0]);
    },
    section(heading: string): ReportSection {
      const list = this.cells();
      const t = table(
        'map-cells',
        `Unmet requests and in-person ambassadors per ${ctx.options.cell_km} km grid square`,
        [
          column('cell', 'Grid square (km east, km north)'),
          column('lat', 'Centre latitude', 'number'),
          column('lon', 'Centre longitude', 'number'),
          column('unmet', 'Unmet requests', 'number'),
          column('ambassadors', 'In-person ambassadors based here', 'number'),
        ],
        list.map((c) => [this.label(c), round(c.cell.lat, 4), round(c.cell.lon, 4), c.unmet, c.ambassadors]),
      );
      return {
        heading,
        text: [
          'Circles: unmet requests (area by count). Shaded squares: DBS-cleared ambassadors who visit in person, by where they are based.',
        ],
        tables: [t],
        charts: [],
        map: {
          title: heading,
          table: t.id,
          cell_km: ctx.options.cell_km,
          cells: list.map((c) => ({
            lat: round(c.cell.lat, 4),
            lon: round(c.cell.lon, 4),
            label: this.label(c),
            unmet: c.unmet,
            ambassadors: c.ambassadors,
          })),
        },
      };
    },
  };
}
