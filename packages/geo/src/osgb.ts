import proj4 from 'proj4';

/**
 * British National Grid (OSGB36 / EPSG:27700) with the published 7-parameter Helmert transformation to
 * WGS84: accurate to a few metres across Great Britain, which is far finer than any travel radius.
 */
const BNG =
  '+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy ' +
  '+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs';
const toWgs84 = proj4(BNG, 'WGS84');

export interface LatLon {
  lat: number;
  lon: number;
}

/** GIAS `Easting`/`Northing` (metres on the British National Grid) to WGS84 latitude/longitude. */
export function osgb36ToWgs84(easting: number, northing: number): LatLon {
  const [lon, lat] = toWgs84.forward([easting, northing]) as [number, number];
  return { lat, lon };
}

/** WGS84 latitude/longitude to British National Grid easting/northing in metres. */
export function wgs84ToOsgb36(lat: number, lon: number): { easting: number; northing: number } {
  const [easting, northing] = toWgs84.inverse([lon, lat]) as [number, number];
  return { easting, northing };
}
