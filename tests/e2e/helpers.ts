import type { Page } from "@playwright/test";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { readState } from "./harness";

const here = dirname(fileURLToPath(import.meta.url));

export function publicUrl(path = "/"): string {
  return `http://localhost:${readState().nextPort}${path}`;
}

export function tenantUrl(slug: string, path = "/"): string {
  return `http://${slug}.localhost:${readState().nextPort}${path}`;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${here}/artifacts/${name}.png`, fullPage: true });
}

/** The company's date today (the server counts business days in Asia/Kolkata), as YYYY-MM-DD. */
export function companyToday(): string {
  return new Date().toLocaleDateString("en-CA", { timeZone: "Asia/Kolkata" });
}

/** The first day of the Indian fiscal year containing the company's today. */
export function fiscalYearStart(): string {
  const [y, m] = companyToday().split("-").map(Number);
  return `${m! >= 4 ? y : y! - 1}-04-01`;
}

/** `iso` plus `days`, as YYYY-MM-DD. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d! + days)).toISOString().slice(0, 10);
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}

export const PASSWORD = "Tough-Steel-Beams-2026";

/** Signs up a fresh company on the public site; returns once its owner is on the dashboard. */
/** Waits until the page is live (React hydrated it: app/providers.tsx marks <html>): input
 *  typed into the server-rendered HTML before that is lost on a loaded machine. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

export async function signUpCompany(page: Page, prefix: string, company = "Sharma Steel Works Pvt Ltd") {
  const slug = uniqueSlug(prefix);
  const email = `ravi@${slug}.test`;
  await page.goto(publicUrl("/signup"));
  await hydrated(page);
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Company address").fill(slug);
  await page.getByTestId("subdomain-available").waitFor();
  await page.getByLabel("Your name").fill("Ravi Sharma");
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel("State").selectOption("27");
  await page.getByRole("button", { name: "Create company" }).click();
  await page.waitForURL(tenantUrl(slug, "/"), { timeout: 30_000 });
  return { slug, email, password: PASSWORD };
}
