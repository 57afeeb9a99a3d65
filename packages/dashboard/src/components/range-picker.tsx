// Picks the time range (a preset relative to now, or from–to in the viewer's time zone) and the
// step; the choice goes into the URL, so reloading or sharing the page keeps it.

import { useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { formatDateTime, fromLocalInput, timeZoneName, toLocalInput } from '../format/format-time.js';
import type { ResolvedRange } from '../hooks/use-view.js';
import { navigate, useLocation } from '../routing/router.js';
import { RANGE_CHOICES, STEP_CHOICES, formatDurationText, viewSearch } from '../time/time-range.js';
import type { ViewParams } from '../time/time-range.js';
import { ActionError } from './action-error.js';

export function RangePicker({ view, resolved }: { view: ViewParams; resolved: ResolvedRange | undefined }) {
  const id = useId();
  const { pathname } = useLocation();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [custom, setCustom] = useState(view.range.kind === 'absolute');
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    if (resolved !== undefined) {
      setFrom(toLocalInput(resolved.from));
      setTo(toLocalInput(resolved.to));
    }
  }, [resolved?.from, resolved?.to]);

  const go = (next: ViewParams) => navigate(pathname + viewSearch(next));

  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    if (!Number.isFinite(f) || !Number.isFinite(t)) return setError('Give both times as date and time.');
    if (!(f < t)) return setError('The start must be before the end.');
    setError(undefined);
    go({ ...view, range: { kind: 'absolute', from: f, to: t } });
  };

  return (
    <form className="range-picker" onSubmit={applyCustom} aria-label="Time range">
      <label htmlFor={`${id}-range`}>Range</label>
      <select
        id={`${id}-range`}
        value={custom ? 'custom' : view.range.kind === 'relative' ? view.range.preset : 'custom'}
        onChange={(e) => {
          const preset = RANGE_CHOICES.find((p) => p.id === e.target.value);
          if (preset === undefined) return setCustom(true);
          setCustom(false);
          go({ ...view, range: { kind: 'relative', preset: preset.id, ms: preset.ms } });
        }}
      >
        {RANGE_CHOICES.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom…</option>
      </select>
      {custom && (
        <>
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} aria-invalid={error !== undefined} />
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} aria-invalid={error !== undefined} />
          <button type="submit">Apply</button>
        </>
      )}
      <label htmlFor={`${id}-step`}>Step</label>
      <select
        id={`${id}-step`}
        value={view.step === 'auto' ? 'auto' : String(view.step)}
        onChange={(e) => go({ ...view, step: e.target.value === 'auto' ? 'auto' : Number(e.target.value) })}
      >
        <option value="auto">auto{resolved !== undefined && view.step === 'auto' ? ` (${formatDurationText(resolved.step)})` : ''}</option>
        {[...new Set([...STEP_CHOICES, ...(view.step === 'auto' ? [] : [view.step])])]
          .sort((a, b) => a - b)
          .map((s) => (
            <option key={s} value={s}>
              {formatDurationText(s)}
            </option>
          ))}
      </select>
      <p className="range-note">
        {resolved !== undefined && `${formatDateTime(resolved.from)} – ${formatDateTime(resolved.to)}`} · times in {timeZoneName()}
      </p>
      <ActionError error={error} />
    </form>
  );
}
