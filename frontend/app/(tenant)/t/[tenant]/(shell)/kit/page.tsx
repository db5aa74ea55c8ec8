import type { Metadata } from "next";
import { KitGallery } from "./kit-gallery";

export const metadata: Metadata = { title: "UI kit", robots: { index: false } };

/** The shared components, live, for the people building module pages (not in the sidebar). */
export default function KitPage() {
  return <KitGallery />;
}
