// Compile-time tests of `.all`, checked by `tsc` in the typecheck task: every `@ts-expect-error`
// below must be an error, or the build fails with "Unused '@ts-expect-error' directive".
import { createClient, type AccountApiToken, type Group, type GroupSummary, type PageItem } from "../src/index.js";
import type { operations } from "@tokenkit/types";

const client = createClient({ token: "t", orgId: "org", baseUrl: "http://127.0.0.1:4010" });
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function itemsAreTyped() {
  const names: string[] = [];
  for await (const group of client.org.listGroups.all({ "filter.all": false }, { pageSize: 50, limit: 120 })) {
    const exact: Equal<typeof group, Group> = true;
    names.push(group.name ?? "", String(exact));
    // @ts-expect-error: an item is a Group, not any
    void group.no_such_field;
  }
  for await (const group of client.org.listGroupsWithPageToken.all({ "filter.name": "Editors" })) {
    const exact: Equal<typeof group, GroupSummary> = true;
    names.push(String(exact));
  }
  // The page and its size are the iterator's, even where the spec requires them.
  for await (const token of client.account.listAccountAPITokens.all()) {
    const exact: Equal<typeof token, AccountApiToken> = true;
    names.push(String(exact));
  }
  const fromOperation: Equal<PageItem<operations["ListGroups"], "groups">, Group> = true;
  return { names, fromOperation };
}

export function wrongIterations(signal: AbortSignal) {
  // @ts-expect-error: the page is set by the iterator
  client.org.listGroups.all({ current_page: 2 });
  // @ts-expect-error: so is its size: give `pageSize` instead
  client.org.listGroupsWithPageToken.all({ page_size: 10 });
  // @ts-expect-error: a query parameter the operation does not have
  client.org.listGroups.all({ "filter.name": "x" });
  // @ts-expect-error: pageSize is a number
  client.org.listGroups.all({}, { pageSize: "10" });
  // Call options pass through to every page.
  client.org.listGroups.all({}, { signal, maxRetries: 1, timeout: 5_000, headers: { "x-trace": "1" } });
  // @ts-expect-error: an operation that does not page has no .all
  client.org.getGroup.all;
  // @ts-expect-error: nor has a list that is not paged (StackRox answers every token at once)
  client.apitokens.getAPITokens.all;
}
