import { describe, expect, it } from "vitest";
import { median, quantile, rotate } from "../src/stats.mjs";

describe("stats", () => {
  it("takes medians and quantiles by interpolation", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([10, 20, 30, 40, 50], 0.9)).toBe(46);
    expect(median([])).toBeNaN();
  });

  it("rotates so each round starts with the next variant", () => {
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotate(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], 4)).toEqual(["b", "c", "a"]);
  });
});
