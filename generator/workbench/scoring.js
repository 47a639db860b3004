// @ts-check
/**
 * Risk bands (port of generator/resolve/scoring.py): the band the playbook puts a score
 * (likelihood x impact) in.
 * @module
 */

/**
 * Lowest score of each band; anything below `medium` is low.
 * @typedef {{medium: number, high: number, critical: number}} RiskBands
 */

/** @typedef {"low" | "medium" | "high" | "critical"} Band */

/** @type {readonly Band[]} */
export const BANDS = Object.freeze(["low", "medium", "high", "critical"]);

/**
 * @param {number} score
 * @param {RiskBands} bands
 * @returns {Band}
 */
export function bandOf(score, bands) {
  if (score >= bands.critical) {
    return "critical";
  }
  if (score >= bands.high) {
    return "high";
  }
  if (score >= bands.medium) {
    return "medium";
  }
  return "low";
}
