// Form fields for the teachers' phone pages, built on the browser's own inputs (date, number, text,
// select) instead of antd's Form, DatePicker and Select: the phone gets its native pickers and the
// page stays light. A label above, the control at full width, the error below.
import type { CSSProperties, ReactNode } from 'react';

export const fieldStyle: CSSProperties = {
  width: '100%',
  boxSizing: 'border-box',
  minHeight: 40,
  padding: '8px 11px',
  fontSize: 16, // below 16px iOS zooms into the field
  lineHeight: 1.5,
  border: '1px solid #d9d9d9',
  borderRadius: 6,
  background: '#fff',
  color: 'inherit',
  fontFamily: 'inherit',
};

export function Field({
  label,
  error,
  hint,
  children,
  htmlFor,
}: {
  label: ReactNode;
  error?: string | null;
  hint?: ReactNode;
  htmlFor: string;
  children: ReactNode;
}) {
  return (
    <div style={{ marginBottom: 14 }}>
      <label htmlFor={htmlFor} style={{ display: 'block', marginBottom: 4, color: 'rgba(0,0,0,.88)' }}>
        {label}
      </label>
      {children}
      {hint && !error && <div style={{ marginTop: 4, fontSize: 13, color: 'rgba(0,0,0,.45)' }}>{hint}</div>}
      {error && (
        <div role="alert" style={{ marginTop: 4, fontSize: 13, color: '#cf1322' }}>
          {error}
        </div>
      )}
    </div>
  );
}

/** A label and value on one line, wrapping on a narrow screen. */
export function InfoRow({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div style={{ display: 'flex', gap: 8, lineHeight: 1.8 }}>
      <span style={{ flex: '0 0 auto', minWidth: 64, color: 'rgba(0,0,0,.45)' }}>{label}</span>
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>{children}</span>
    </div>
  );
}
