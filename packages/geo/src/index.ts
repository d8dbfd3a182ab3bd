export { distanceKm } from './distance.js';
export { cellFinder, cellLabel, cellOf, type GridCell, postcodeDistrict } from './grid.js';
export { type LatLon, osgb36ToWgs84, wgs84ToOsgb36 } from './osgb.js';
export { BoxIndex, type Coordinates, PointIndex } from './point-index.js';
