/** `x` rounded to `digits` decimal places, for the figures a bench prints and writes. */
export const round = (x: number, digits = 2): number => Math.round(x * 10 ** digits) / 10 ** digits;
