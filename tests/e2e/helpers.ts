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

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
}
