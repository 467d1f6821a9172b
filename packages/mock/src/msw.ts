// The MSW handlers, also under this package's name for apps that already import them from here.
// They live in @tokenkit/msw, which installs without Prism: a frontend that only wants handlers
// should depend on that package.
export * from "@tokenkit/msw";
