import { defineConfig } from "@playwright/test";

/** Browser tests on Debian's Chromium (never a downloaded browser). Run via `make test-e2e`. */
export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.ts$/,
  globalSetup: "./global-setup.ts",
  globalTeardown: "./global-teardown.ts",
  outputDir: "./artifacts/results",
  // one file at a time; E2E_WORKERS=2 runs two (each test makes its own company): on two cores
  // 5.1 against 6.0 minutes, not worth the flake risk in CI
  workers: Number(process.env.E2E_WORKERS ?? 1),
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
    },
    viewport: { width: 1360, height: 860 },
    // Not the company's zone (Asia/Kolkata): the pages must count "today" as the company does,
    // whatever the browser's clock says. 13½ hours apart, the dates differ until 13:30 IST.
    timezoneId: "America/Los_Angeles",
    screenshot: "only-on-failure",
    trace: "off",
  },
});
