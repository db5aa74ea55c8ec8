/** E-mails Django printed (console backend) to its log: the links in them, for the tests. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/** The first match of `pattern` in the newest e-mail to `to` that has one (waits up to 15 s). */
export async function linkFromMail(to: string, pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const log = readFileSync(join(here, "artifacts/django.log"), "utf8");
    let at = log.lastIndexOf(`To: ${to}`);
    while (at >= 0) {
      const match = pattern.exec(log.slice(at));
      if (match) return match[0];
      at = log.lastIndexOf(`To: ${to}`, at - 1);
    }
    if (Date.now() > deadline) throw new Error(`no e-mail to ${to} matching ${pattern} in django.log`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
