// Turns per-round measurements into the summary (medians, ratios) and the printed tables.
// A ratio is taken within each round and then the median of those is reported: the variants of
// one round ran seconds apart, so load from other processes touches them alike.
import { geometricMean, median } from "./stats.mjs";

/** The two references every ratio is taken against. */
export const REFERENCES = ["fetch", "openapi-fetch"];

/**
 * @param {Record<string, number[]>} perVariant one value per round for each variant id
 * @returns {Record<string, { median: number, vsFetch: number, vsOpenapiFetch: number, rounds: number[] }>}
 */
export function summarize(perVariant) {
  /** @type {(values: number[], reference: number[] | undefined) => number} */
  const ratios = (values, reference) => median(values.map((value, round) => value / (reference?.[round] ?? Number.NaN)));
  return Object.fromEntries(
    Object.entries(perVariant).map(([id, values]) => [
      id,
      {
        median: median(values),
        vsFetch: ratios(values, perVariant.fetch),
        vsOpenapiFetch: ratios(values, perVariant["openapi-fetch"]),
        rounds: values,
      },
    ]),
  );
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
export function table(header, rows) {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((row) => (row[i] ?? "").length)));
  /** @param {string[]} cells */
  const line = (cells) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** @param {number} ratio */
const times = (ratio) => `${ratio.toFixed(2)}×`;

/**
 * Per variant, the per-round values of each request of the mix and their geometric mean.
 * @param {Record<string, Record<string, number[]>>} perVariant per variant, per request id, one value per round
 * @returns {Record<string, ReturnType<typeof summarize>>} per request id and "mix"
 */
export function summarizeMix(perVariant) {
  const requests = Object.keys(Object.values(perVariant)[0] ?? {});
  /** @type {(pick: (byRequest: Record<string, number[]>) => number[]) => ReturnType<typeof summarize>} */
  const over = (pick) => summarize(Object.fromEntries(Object.entries(perVariant).map(([id, byRequest]) => [id, pick(byRequest)])));
  return {
    ...Object.fromEntries(requests.map((request) => [request, over((byRequest) => byRequest[request] ?? [])])),
    mix: over((byRequest) => (byRequest[requests[0] ?? ""] ?? []).map((_, round) => geometricMean(requests.map((r) => byRequest[r]?.[round] ?? Number.NaN)))),
  };
}

/**
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {Record<string, ReturnType<typeof summarize>>} p50 wall time per call, per request id and "mix"
 * @param {Record<string, ReturnType<typeof summarize>>} cpuTime process CPU time per call, the same way
 */
export function cpuTable(variants, p50, cpuTime) {
  const requests = Object.keys(p50).filter((key) => key !== "mix");
  return table(
    ["variant", ...requests.map((r) => `${r} p50 µs`), "geomean p50 µs", "vs raw fetch", "vs openapi-fetch", "CPU µs (geomean)", "vs openapi-fetch"],
    variants.map((v) => {
      const mix = p50.mix?.[v.id];
      const cpu = cpuTime.mix?.[v.id];
      return [
        v.label,
        ...requests.map((r) => p50[r]?.[v.id]?.median.toFixed(1) ?? "-"),
        ...(mix ? [mix.median.toFixed(1), times(mix.vsFetch), times(mix.vsOpenapiFetch)] : ["-", "-", "-"]),
        ...(cpu ? [cpu.median.toFixed(1), times(cpu.vsOpenapiFetch)] : ["-", "-"]),
      ];
    }),
  );
}

/**
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {Record<string, ReturnType<typeof summarize>>} http per load
 */
export function httpTable(variants, http) {
  const loads = Object.keys(http);
  return table(
    ["variant", ...loads.flatMap((load) => [`${load} req/s`, "vs fetch", "vs openapi-fetch"])],
    variants.map((v) => [
      v.label,
      ...loads.flatMap((load) => {
        const s = http[load]?.[v.id];
        return s ? [Math.round(s.median).toString(), times(s.vsFetch), times(s.vsOpenapiFetch)] : ["-", "-", "-"];
      }),
    ]),
  );
}

/**
 * The project's targets, checked against what was measured. Reported, never enforced: speed on a
 * shared machine is evidence, not a pass/fail gate.
 * @param {{ cpu?: Record<string, ReturnType<typeof summarize>>, http?: Record<string, ReturnType<typeof summarize>>, bundleGzip?: number, budget: number }} results
 */
export function targets({ cpu, http, bundleGzip, budget }) {
  /** @type {{ target: string, measured: string, met: boolean }[]} */
  const rows = [];
  for (const id of ["client-path", "client-named"]) {
    const s = cpu?.mix?.[id];
    if (s) rows.push({ target: `${id}: CPU per call ≤ 1.05× openapi-fetch (stub, geomean of the mix's p50s)`, measured: times(s.vsOpenapiFetch), met: s.vsOpenapiFetch <= 1.05 });
    for (const [load, summary] of Object.entries(http ?? {})) {
      const t = summary[id];
      if (t) rows.push({ target: `${id}: ${load} throughput ≥ 0.95× openapi-fetch`, measured: times(t.vsOpenapiFetch), met: t.vsOpenapiFetch >= 0.95 });
    }
  }
  if (bundleGzip !== undefined) {
    rows.push({ target: `bundle ≤ ${budget} B min+gzip`, measured: `${bundleGzip} B`, met: bundleGzip <= budget });
  }
  return rows;
}

/** @param {ReturnType<typeof targets>} rows */
export const targetTable = (rows) => table(["target", "measured", ""], rows.map((r) => [r.target, r.measured, r.met ? "met" : "MISSED"]));
