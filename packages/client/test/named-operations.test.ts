// How named operations come to exist: nothing per operation when a client is created, a tag's
// operations on its first use, kept from then on; each client's operations make that client's
// calls. The operations themselves are derived from the spec (see the contract tests).
import { describe, expect, it } from "vitest";
import { createClient, type TokenkitClient } from "../src/index.js";
import { specOperations } from "./spec-examples.js";

function recordingClient() {
  const urls: string[] = [];
  const fetch = async (request: Request) => {
    urls.push(request.url);
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  return { urls, client: createClient({ token: "t", baseUrl: "http://mock.test", fetch }) };
}

const tags = [...new Set(specOperations.map((o) => o.tag!))];
/** An operation of the spec that takes no body and requires no parameter (path, query or header), so `{}` calls it. */
const plain = specOperations.find((o) => o.method === "GET" && !o.requestBody && !o.parameters.some((p) => p.required))!;
const group = (client: TokenkitClient, tag: string) => (client as unknown as Record<string, Record<string, (args?: object) => Promise<unknown>>>)[tag]!;

describe("named operations", () => {
  it("are not built by createClient: a new client owns no tag, every tag comes from one shared prototype", () => {
    const a = recordingClient().client;
    const b = recordingClient().client;
    for (const tag of tags) expect(Object.hasOwn(a, tag), tag).toBe(false);
    expect(Object.getPrototypeOf(a)).toBe(Object.getPrototypeOf(b));
  });

  it("are built for a tag on its first use and kept: the same object on every read", () => {
    const { client } = recordingClient();
    const first = group(client, plain.tag!);
    expect(Object.hasOwn(client, plain.tag!)).toBe(true);
    expect(group(client, plain.tag!)).toBe(first);
    expect(first[plain.name]).toBe(first[plain.name]);
    for (const tag of tags.filter((t) => t !== plain.tag)) expect(Object.hasOwn(client, tag), tag).toBe(false);
  });

  it("call through their own client, whichever client used the tag first", async () => {
    const a = recordingClient();
    const b = recordingClient();
    await group(a.client, plain.tag!)[plain.name]!();
    await group(b.client, plain.tag!)[plain.name]!();
    await group(b.client, plain.tag!)[plain.name]!();
    expect(a.urls).toEqual([`http://mock.test${plain.path}`]);
    expect(b.urls).toHaveLength(2);
    expect(group(a.client, plain.tag!)).not.toBe(group(b.client, plain.tag!));
  });

  it("read on the shared prototype itself give nothing and leave later clients working", async () => {
    const { client: first } = recordingClient();
    const prototype = Object.getPrototypeOf(first) as Record<string, unknown>;
    for (const tag of tags) expect(prototype[tag]).toBeUndefined();
    const later = recordingClient();
    await group(later.client, plain.tag!)[plain.name]!();
    expect(later.urls).toHaveLength(1);
  });
});
