import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Django's URLs end in "/": never let Next redirect them away before the proxy forwards them.
  skipTrailingSlashRedirect: true,
  // Tenant hosts (`<slug>.localhost`) load the dev server's assets too.
  allowedDevOrigins: ["*.localhost"],
};

export default nextConfig;
