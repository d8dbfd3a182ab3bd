// The supply report's grid squares, so a place named "E 530 N 110" here is the square the report
// printed. packages/reports does not export its grid module yet, so it is borrowed by path; when it
// does, import it from '@stem-match/reports' instead.
export { cellLabel, cellOf, type GridCell, postcodeDistrict } from '../../reports/src/grid.js';
