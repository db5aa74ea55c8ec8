#!/usr/bin/env node
/**
 * First-load JavaScript per route (gzip), from the manifests `next build` writes (Next 16 no
 * longer prints the table). For each app route: the root main files plus every chunk its
 * layouts and page load (`entryJSFiles` of the route's client-reference manifest).
 * "Shared" = the chunks every route loads. Usage: `npm run build && node scripts/first-load-js.mjs [--json]`.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import vm from "node:vm";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", ".next");
const build = JSON.parse(readFileSync(join(root, "build-manifest.json"), "utf8"));
const rootMain = build.rootMainFiles ?? [];

const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(root, file)), { level: 9 }).length);
  return sizes.get(file);
};

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (name === "page_client-reference-manifest.js") yield path;
  }
}

function label(key) {
  // "/(tenant)/t/[tenant]/(shell)/members/page" → "tenant  /members"
  const parts = key.replace(/\/page$/, "").split("/").filter((p) => p && !/^\(.*\)$/.test(p));
  if (parts[0] === "www") return `public  /${parts.slice(1).join("/")}`;
  if (parts[0] === "t" && parts[1] === "[tenant]") return `tenant  /${parts.slice(2).join("/")}`;
  return `other   /${parts.join("/")}`;
}

const routes = [];
for (const file of walk(join(root, "server", "app"))) {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(file, "utf8"), sandbox);
  for (const [key, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
    if (key.startsWith("/_")) continue; // _not-found, _global-error
    const files = new Set(rootMain);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const c of chunks) files.add(c.replace(/^\/_next\//, ""));
    routes.push({ route: label(key), files: [...files].filter((f) => f.endsWith(".js")) });
  }
}
routes.sort((a, b) => a.route.localeCompare(b.route));

const shared = routes.length ? routes.map((r) => new Set(r.files)).reduce((a, b) => new Set([...a].filter((f) => b.has(f)))) : new Set();
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const sum = (files) => files.reduce((s, f) => s + gz(f), 0);
const sharedSize = sum([...shared]);
const rows = routes.map((r) => ({ route: r.route, own: sum(r.files.filter((f) => !shared.has(f))), total: sum(r.files) }));

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ shared: sharedSize, routes: rows }, null, 2));
} else {
  const width = Math.max(...rows.map((r) => r.route.length), 5) + 2;
  console.log(`${"Route".padEnd(width)}${"Route JS".padStart(12)}${"First load".padStart(14)}   (gzip)`);
  for (const r of rows) console.log(`${r.route.padEnd(width)}${kb(r.own).padStart(12)}${kb(r.total).padStart(14)}`);
  console.log(`\nShared by all routes: ${kb(sharedSize)} (${shared.size} files)`);
  for (const f of [...shared].sort((a, b) => gz(b) - gz(a))) console.log(`  ${relative(".", f).split(sep).join("/").padEnd(44)}${kb(gz(f)).padStart(10)}`);
}
