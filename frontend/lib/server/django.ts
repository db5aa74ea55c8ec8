import "server-only";
import http from "node:http";

/** Where Django listens. Server-side code always connects here and sends the tenant's Host:
 *  `*.localhost` does not resolve through Node's resolver. */
export const DJANGO_URL = new URL(process.env.DJANGO_URL ?? "http://127.0.0.1:8000");

const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "accept-encoding",
]);

export type DjangoResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
};

/** One request to Django with the given Host (the browser's, unchanged) and headers. */
export function djangoRequest(opts: {
  method: string;
  path: string;
  host: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: Buffer;
  forwardedFor?: string;
}): Promise<DjangoResponse> {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(opts.headers ?? {})) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  }
  headers["host"] = opts.host;
  headers["x-forwarded-host"] = opts.host;
  headers["x-forwarded-proto"] = "http";
  headers["x-forwarded-port"] = /:(\d+)$/.exec(opts.host)?.[1] ?? "80";
  if (opts.forwardedFor) headers["x-forwarded-for"] = opts.forwardedFor;
  if (opts.body && opts.body.length) headers["content-length"] = String(opts.body.length);

  return send(opts, headers).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
    // Node keeps connections to Django alive; Django may close one just as it is reused (after
    // an error response, say) and the request then fails before Django read it. Node's own
    // advice: send it again, once, on a fresh connection.
    if (error.reusedSocket && error.code === "ECONNRESET") return send(opts, headers);
    throw error;
  });
}

function send(opts: { method: string; path: string; body?: Buffer }, headers: http.OutgoingHttpHeaders): Promise<DjangoResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        hostname: DJANGO_URL.hostname,
        port: DJANGO_URL.port || 80,
        method: opts.method,
        path: opts.path,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", (error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
      error.reusedSocket = req.reusedSocket;
      reject(error);
    });
    req.setTimeout(60_000, () => req.destroy(new Error("Django did not answer in 60 s")));
    if (opts.body && opts.body.length) req.write(opts.body);
    req.end();
  });
}

export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name.toLowerCase());
}
