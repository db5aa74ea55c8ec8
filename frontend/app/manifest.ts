import type { MetadataRoute } from "next";

/** Installable as an app (PWA) on phones and desktops, on the public site and every company. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "B3 MACBIS ERP",
    short_name: "B3 MACBIS",
    description: "Make-to-order manufacturing ERP for Indian manufacturers.",
    start_url: "/",
    scope: "/",
    display: "standalone",
    background_color: "#ffffff",
    theme_color: "#2f4fc4",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
