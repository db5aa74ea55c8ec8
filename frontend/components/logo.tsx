import { cn } from "@/lib/utils";

export function Logo({ className, withName = true }: { className?: string; withName?: boolean }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg viewBox="0 0 32 32" className="size-7" aria-hidden="true">
        <rect width="32" height="32" rx="7" className="fill-primary" />
        <path d="M9 9h8a4 4 0 0 1 0 8H9zm0 8h9a4 4 0 0 1 0 8H9z" fill="none" className="stroke-primary-foreground" strokeWidth="2.6" strokeLinejoin="round" />
      </svg>
      {withName && <span>B3 MACBIS <span className="text-muted-foreground font-medium">ERP</span></span>}
    </span>
  );
}
