// The walk over pages, on a fake fetch that serves a list the way each paging style does and
// counts the requests. Which operations page, and how, comes from the spec through the spec
// model: every paged operation of the spec gets every case.
import { exampleRequest, PAGING_STYLES, type Operation } from "@tokenkit/spec-model";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { APIUserAbortError, createClient, InternalServerError, InvalidArgumentError, MalformedResponseError } from "../src/index.js";
import { spec, specOperations } from "./spec-examples.js";

const paged = specOperations.filter((op) => op.paging);
const ORG = "9c6a3f4e-5b1d-4f7a-8e2c-0d9b7a6f5e41";

type Item = { id: string };
type Paged = { all(args?: object, options?: object): AsyncGenerator<unknown, void, undefined> };

interface ServerOptions {
  /** The items the server holds. */
  total: number;
  /** Changes each answer before it is sent (to make the server misbehave). */
  answer?: (body: Record<string, unknown>, request: Request, index: number) => Record<string, unknown>;
  /** The most items the server puts on a page, whatever the size asked for. */
  cap?: number;
  /** Answers the request with this Response instead (by request index, from 0). */
  fail?: (index: number) => Response | undefined;
}

/** A fetch that pages `total` items as the operation's style says, recording every request. */
function server(op: Operation, { total, cap = Infinity, answer = (body) => body, fail = () => undefined }: ServerOptions) {
  const { style, items } = op.paging!;
  const requests: URL[] = [];
  const all: Item[] = Array.from({ length: total }, (_, i) => ({ id: `item-${i}` }));
  const fetch = async (request: Request) => {
    const url = new URL(request.url);
    const index = requests.push(url) - 1;
    const failure = fail(index);
    if (failure) return failure;
    let body: Record<string, unknown>;
    if (style === "page-number") {
      const names = PAGING_STYLES["page-number"];
      const page = Number(url.searchParams.get(names.page));
      const size = Math.min(cap, Number(url.searchParams.get(names.size)));
      body = { [items]: all.slice((page - 1) * size, page * size), [names.position]: { [names.total]: total } };
    } else {
      const names = PAGING_STYLES["page-token"];
      const offset = Number(url.searchParams.get(names.page) ?? 0);
      const size = Math.min(cap, Number(url.searchParams.get(names.size)));
      body = { [items]: all.slice(offset, offset + size), [names.next]: offset + size < total ? String(offset + size) : "" };
    }
    return Response.json(answer(body, request, index));
  };
  return { requests, fetch, client: createClient({ token: "t", orgId: ORG, baseUrl: "http://api.test", fetch }) };
}

function named(client: object, op: Operation): Paged {
  return (client as Record<string, Record<string, Paged>>)[op.tag!]![op.name]!;
}

async function collect(iterator: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const item of iterator) out.push(item);
  return out;
}

const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ id: `item-${from + i}` }));

describe("the spec", () => {
  it("has paged operations of both styles", () => {
    expect(new Set(paged.map((op) => op.paging!.style))).toEqual(new Set(Object.keys(PAGING_STYLES)));
  });

  it("gives .all to exactly the paged operations", () => {
    const { client } = server(paged[0]!, { total: 0 });
    for (const op of specOperations) expect(typeof (named(client, op) as Partial<Paged>).all, op.operationId).toBe(op.paging ? "function" : "undefined");
  });
});

describe.each(paged.map((op) => [op.operationId, op] as const))("%s .all", (_, op) => {
  const names = PAGING_STYLES[op.paging!.style];
  const sizes = (requests: URL[]) => requests.map((url) => url.searchParams.get(names.size));

  it("yields every item in order, one request per page", async () => {
    const { requests, client } = server(op, { total: 7 });
    expect(await collect(named(client, op).all({}, { pageSize: 3 }))).toEqual(ids(0, 7));
    expect(requests).toHaveLength(3);
    expect(sizes(requests)).toEqual(["3", "3", "3"]);
  });

  it("fetches no page after the last when the items fill the pages exactly", async () => {
    const { requests, client } = server(op, { total: 6 });
    expect(await collect(named(client, op).all({}, { pageSize: 3 }))).toEqual(ids(0, 6));
    expect(requests).toHaveLength(2);
  });

  it("makes one request for an empty list", async () => {
    const { requests, client } = server(op, { total: 0 });
    expect(await collect(named(client, op).all({}, { pageSize: 3 }))).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [0, 0],
    [1, 1],
    [3, 1],
    [4, 2],
    [6, 2],
    [7, 3],
  ])("stops after limit %i items, having fetched %i pages", async (limit, pages) => {
    const { requests, client } = server(op, { total: 20 });
    expect(await collect(named(client, op).all({}, { pageSize: 3, limit }))).toEqual(ids(0, limit));
    expect(requests).toHaveLength(pages);
  });

  it("fetches a page only when its first item is read, and nothing when the reader stops", async () => {
    const { requests, client } = server(op, { total: 20 });
    const iterator = named(client, op).all({}, { pageSize: 2 });
    expect(requests).toHaveLength(0);
    for (let read = 1; read <= 4; read++) {
      await iterator.next();
      expect(requests, `after ${read} items`).toHaveLength(Math.ceil(read / 2));
    }
    await iterator.return();
    expect((await iterator.next()).done).toBe(true);
    expect(requests).toHaveLength(2);
  });

  it("asks for the largest page the spec allows by default, or only what limit needs", async () => {
    const fallback = String(op.paging!.maxSize ?? 100);
    const full = server(op, { total: 1 });
    await collect(named(full.client, op).all());
    expect(sizes(full.requests)).toEqual([fallback]);
    const limited = server(op, { total: 10 });
    expect(await collect(named(limited.client, op).all({}, { limit: 4 }))).toEqual(ids(0, 4));
    expect(sizes(limited.requests)).toEqual(["4"]);
  });

  it("passes the other arguments to every page, and sends the organization header where the operation takes it", async () => {
    const managed: string[] = [names.page, names.size];
    const { query } = exampleRequest(spec, op);
    const others = Object.fromEntries(Object.entries(query).filter(([name]) => !managed.includes(name)));
    const headers: (string | null)[] = [];
    const { requests, client } = server(op, { total: 5, answer: (body, request) => (headers.push(request.headers.get("x-bv-org-id")), body) });
    await collect(named(client, op).all(others, { pageSize: 2 }));
    expect(requests).toHaveLength(3);
    for (const url of requests) for (const [name, value] of Object.entries(others)) expect(url.searchParams.get(name), name).toBe(String(value));
    expect(headers).toEqual(Array(3).fill(op.orgHeader ? ORG : null));
  });

  it("refuses a bad pageSize or limit before sending anything, naming the option", () => {
    const { requests, client } = server(op, { total: 5 });
    const bad: [string, object][] = [
      ["pageSize", { pageSize: 0 }],
      ["pageSize", { pageSize: 1.5 }],
      ["pageSize", { pageSize: "10" }],
      ["limit", { limit: -1 }],
      ["limit", { limit: Number.NaN }],
    ];
    if (op.paging!.maxSize !== undefined) bad.push(["pageSize", { pageSize: op.paging!.maxSize + 1 }]);
    for (const [field, options] of bad) {
      expect(() => named(client, op).all({}, options), JSON.stringify(options)).toThrow(InvalidArgumentError);
      try {
        named(client, op).all({}, options);
      } catch (error) {
        expect((error as InvalidArgumentError).field).toBe(field);
      }
    }
    expect(requests).toHaveLength(0);
  });

  it("retries a page as any call does, and throws the typed error when retries are spent", async () => {
    const busy = () => new Response(JSON.stringify({ code: 14, message: "busy" }), { status: 503, headers: { "content-type": "application/json", "retry-after": "0" } });
    const retried = server(op, { total: 5, fail: (index) => (index === 1 ? busy() : undefined) });
    expect(await collect(named(retried.client, op).all({}, { pageSize: 2 }))).toEqual(ids(0, 5));
    expect(retried.requests).toHaveLength(4);

    const failing = server(op, { total: 5, fail: (index) => (index >= 1 ? busy() : undefined) });
    const read: unknown[] = [];
    const error = await (async () => {
      for await (const item of named(failing.client, op).all({}, { pageSize: 2, maxRetries: 0 })) read.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(read).toEqual(ids(0, 2));
    expect(failing.requests).toHaveLength(2);
  });

  it("stops with APIUserAbortError when the signal aborts between pages", async () => {
    const { requests, client } = server(op, { total: 10 });
    const controller = new AbortController();
    const iterator = named(client, op).all({}, { pageSize: 2, signal: controller.signal });
    await iterator.next();
    await iterator.next();
    controller.abort();
    await expect(iterator.next()).rejects.toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
  });

  it("stops at a page without items, whatever else the page says", async () => {
    const { requests, client } = server(op, { total: 10, answer: (body, _, index) => (index === 1 ? { ...body, [op.paging!.items]: [] } : body) });
    expect(await collect(named(client, op).all({}, { pageSize: 2 }))).toEqual(ids(0, 2));
    expect(requests).toHaveLength(2);
    // Protobuf's JSON leaves an empty list out altogether.
    const missing = server(op, { total: 10, answer: ({ [op.paging!.items]: _, ...body }) => body });
    expect(await collect(named(missing.client, op).all({}, { pageSize: 2 }))).toEqual([]);
    expect(missing.requests).toHaveLength(1);
  });

  if ("next" in names) {
    it("stops when the next page token is empty or absent", async () => {
      for (const next of ["", undefined]) {
        const { requests, client } = server(op, { total: 10, answer: (body) => ({ ...body, [names.next]: next }) });
        expect(await collect(named(client, op).all({}, { pageSize: 2 }))).toEqual(ids(0, 2));
        expect(requests).toHaveLength(1);
      }
    });

    it("sends each page the previous page's token", async () => {
      const { requests, client } = server(op, { total: 5 });
      await collect(named(client, op).all({}, { pageSize: 2 }));
      expect(requests.map((url) => url.searchParams.get(names.page))).toEqual([null, "2", "4"]);
    });

    it("refuses a next page token that repeats the one sent, rather than ask for the same page for ever", async () => {
      const { requests, client } = server(op, { total: 10, answer: (body) => ({ ...body, [op.paging!.items]: ids(0, 2), [names.next]: "same" }) });
      const error = await collect(named(client, op).all({}, { pageSize: 2 })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MalformedResponseError);
      expect((error as Error).message).toContain(names.next);
      expect(requests).toHaveLength(2);
    });
  } else {
    it("asks for the pages by number from 1", async () => {
      const { requests, client } = server(op, { total: 5 });
      await collect(named(client, op).all({}, { pageSize: 2 }));
      expect(requests.map((url) => url.searchParams.get(names.page))).toEqual(["1", "2", "3"]);
    });

    it("counts the items read against the total, so a server that sends fewer to a page than asked loses none", async () => {
      const { requests, client } = server(op, { total: 5, cap: 2 });
      // Pages of 2, 2 and 1: by pages of the 3 asked for, the list would seem to end after two.
      expect(await collect(named(client, op).all({}, { pageSize: 3 }))).toEqual(ids(0, 5));
      expect(requests).toHaveLength(3);
    });

    it("without a position in the answer, goes on until a page has no items", async () => {
      const { requests, client } = server(op, { total: 5, answer: ({ [names.position]: _, ...body }) => body });
      expect(await collect(named(client, op).all({}, { pageSize: 2 }))).toEqual(ids(0, 5));
      expect(requests).toHaveLength(4);
    });
  }
});

describe("README, Paged lists", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const example = readme.slice(readme.indexOf("## Paged lists")).match(/```ts\n([\s\S]*?)```/)![1]!;

  it("the example runs as written: it reads up to its limit, a page of its size at a time", async () => {
    const op = paged.find((o) => example.includes(`client.${o.tag}.${o.name}.all(`))!;
    const { requests, client } = server(op, { total: 260 });
    const logged: unknown[][] = [];
    await new Function("client", "console", `return (async () => {\n${example}\n})();`)(client, { log: (...args: unknown[]) => void logged.push(args) });
    const limit = Number(example.match(/limit: (\d+)/)![1]);
    const pageSize = Number(example.match(/pageSize: (\d+)/)![1]);
    expect(logged).toHaveLength(limit);
    expect(requests).toHaveLength(Math.ceil(limit / pageSize));
  });
});
