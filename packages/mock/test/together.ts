// Start-ups of several seconds each (Prism, Chromium, a bundle) run side by side, and are paid
// once for the longest. Every one is awaited before a failure is thrown, so each has already
// been handed to the variable the file's afterAll stops: none outlives the test file.
export async function allStarted(starts: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(starts)).find((s) => s.status === "rejected");
  if (failed) throw failed.reason;
}
