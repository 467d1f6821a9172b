// A frontend team's mock server: `npx @tokenkit/mock --stateful` in their project, where it was
// installed by name from the registry, on Node 24, driven by the installed client.
import { join } from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { startInstalledMock, type InstalledMock } from "./installed-mock.js";
import { run } from "./run.js";

const { mockApp, nodes, registryUrl } = inject("consumer");
let mock: InstalledMock | undefined;
afterAll(async () => void (await mock?.stop()));

describe("npx @tokenkit/mock --stateful, installed by name", () => {
  it("serves within 60 s, keeps a generate → list → revoke flow of the client, and stops on SIGTERM with nothing left running", async () => {
    mock = await startInstalledMock(mockApp, nodes["24"]!, ["--stateful"], { npm_config_registry: registryUrl });
    const out = await run(nodes["24"]!, [join(mockApp, "flow.js")], { cwd: mockApp, env: { MOCK_URL: mock.url }, timeoutMs: 30_000 });
    const flow = JSON.parse(out) as Record<string, any>;
    expect(flow.generated).toMatchObject({ token: expect.stringMatching(/.+/), name: flow.name, roles: [flow.role] });
    expect(flow.listed).toEqual([{ name: flow.name, revoked: false }]);
    expect(flow.revoked).toBe(true);
    expect(flow.inRevokedList).toBe(true);
    // The mock printed one line per request it answered.
    expect(mock.output()).toMatch(/PATCH \/v1\/apitokens\/revoke\/\S+ → 200/);

    const { url } = mock;
    const left = await mock.stop();
    mock = undefined;
    expect(left).toEqual([]);
    await expect(fetch(new URL("/v1/apitokens", url))).rejects.toThrow(); // nothing listens there any more
  });
});
