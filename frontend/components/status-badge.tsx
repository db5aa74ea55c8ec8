import { Badge } from "@/components/ui/badge";

export type StatusTone = "neutral" | "info" | "success" | "warning" | "danger";

const TONE_VARIANT = {
  neutral: "secondary",
  info: "default",
  success: "success",
  warning: "warning",
  danger: "destructive",
} as const;

/** Tones of the statuses documents and records share; pass `tones` for others. */
export const DEFAULT_TONES: Record<string, StatusTone> = {
  active: "success",
  accepted: "success",
  approved: "success",
  paid: "success",
  posted: "success",
  done: "success",
  completed: "success",
  pending: "warning",
  queued: "neutral",
  running: "info",
  draft: "neutral",
  submitted: "info",
  sent: "info",
  partially_paid: "info",
  overdue: "danger",
  suspended: "warning",
  expired: "neutral",
  revoked: "danger",
  rejected: "danger",
  cancelled: "danger",
  failed: "danger",
};

function humanise(status: string): string {
  const text = status.replace(/[_-]+/g, " ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A record's status as a coloured pill: "partially_paid" → "Partially paid" (info). */
export function StatusBadge({ status, label, tones, className }: {
  status: string;
  label?: string;
  tones?: Record<string, StatusTone>;
  className?: string;
}) {
  const tone = tones?.[status] ?? DEFAULT_TONES[status] ?? "neutral";
  return (
    <Badge variant={TONE_VARIANT[tone]} data-status={status} className={className}>
      {label ?? humanise(status)}
    </Badge>
  );
}
