// `.all` against the real mock (Prism behind the mock's front server, on loopback): every paged
// operation of the spec walks the pages its first 200 example implies. The mock answers that
// example to every page, so the walk it shows follows from the example alone.
import { PAGING_STYLES, responseExamples } from "@tokenkit/spec-model";
import type { MockServer } from "@tokenkit/mock";
import { startMockSharingPrism } from "../../mock/test/mock-sharing-prism.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient, MalformedResponseError, type TokenkitClient } from "../src/index.js";
import { spec, specOperations } from "./spec-examples.js";

const paged = specOperations.filter((op) => op.paging);
const ORG = "9c6a3f4e-5b1d-4f7a-8e2c-0d9b7a6f5e41";

let mock: MockServer;
let client: TokenkitClient;

beforeAll(async () => {
  mock = await startMockSharingPrism();
  client = createClient({ token: "pages-test-token", orgId: ORG, baseUrl: mock.url, timeout: 10_000 });
});
afterAll(() => mock?.stop());

describe.each(paged.map((op) => [op.operationId, op] as const))("%s .all against the mock", (_, op) => {
  it("walks the pages the example describes, asking each by its page and size", async () => {
    const { style, items } = op.paging!;
    const example = responseExamples(spec, op, 200)[0]!.value as Record<string, any>;
    const pageItems = example[items] as unknown[];
    const all = (client as unknown as Record<string, Record<string, { all(args?: object, options?: object): AsyncIterable<unknown> }>>)[op.tag!]![op.name]!;
    mock.clearRequests();
    const read: unknown[] = [];
    const walk = (async () => {
      for await (const item of all.all({}, { pageSize: 5 })) read.push(item);
    })();
    const sent = () => mock.requests().filter((entry) => entry.operationId === op.operationId);

    if (style === "page-number") {
      const names = PAGING_STYLES[style];
      // Each page brings the example's items again, until as many have been read as it says there are.
      const total: number = example[names.position][names.total];
      const pages = pageItems.length ? Math.max(1, Math.ceil(total / pageItems.length)) : 1;
      await walk;
      expect(read).toEqual(Array.from({ length: pages }, () => pageItems).flat());
      expect(sent().map((entry) => entry.query[names.page])).toEqual(Array.from({ length: pages }, (_, i) => String(i + 1)));
      expect(sent().every((entry) => entry.query[names.size] === "5" && entry.status === 200)).toBe(true);
    } else {
      const names = PAGING_STYLES[style];
      const next = example[names.next] as string;
      if (!next) {
        await walk;
        expect(sent()).toHaveLength(1);
      } else {
        // The second page is asked with the first page's token, and answered the same token: a
        // list that would never end, refused rather than followed.
        await expect(walk).rejects.toBeInstanceOf(MalformedResponseError);
        expect(sent().map((entry) => entry.query[names.page])).toEqual([undefined, next]);
      }
      expect(read).toEqual(next ? [...pageItems, ...pageItems] : pageItems);
    }
  });
});
