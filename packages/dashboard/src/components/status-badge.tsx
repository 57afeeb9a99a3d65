// A model's status as a word with a shape and a colour, so it reads without telling colours apart.

import type { ModelStatus } from '../status/model-status.js';

const LOOK: Record<ModelStatus, { icon: string; text: string }> = {
  ok: { icon: '✓', text: 'OK' },
  warning: { icon: '▲', text: 'Warning' },
  alerting: { icon: '■', text: 'Alerting' },
  'no-data': { icon: '○', text: 'No data' },
};

export function StatusBadge({ status, reasons }: { status: ModelStatus; reasons: readonly string[] }) {
  const look = LOOK[status];
  return (
    <span className={`badge badge-${status}`} title={reasons.join('; ')} data-status={status}>
      <span aria-hidden="true">{look.icon}</span> {look.text}
    </span>
  );
}
