// A QR code drawn as one SVG path from the `qrcode` package's module matrix: crisp at any size
// (projector, print), no canvas, no network.
import QRCode from 'qrcode';
import { useMemo } from 'react';

export function QrCode({
  value,
  size,
  margin = 2,
  title,
}: {
  value: string;
  /** CSS size of the square (e.g. 320, '60vh'). */
  size: number | string;
  /** Quiet zone in modules (scanners need some white around the code). */
  margin?: number;
  title?: string;
}) {
  const { path, n } = useMemo(() => {
    const qr = QRCode.create(value, { errorCorrectionLevel: 'M' });
    const count = qr.modules.size;
    let d = '';
    for (let r = 0; r < count; r++) {
      for (let c = 0; c < count; c++) {
        if (qr.modules.get(r, c)) d += `M${c + margin} ${r + margin}h1v1h-1z`;
      }
    }
    return { path: d, n: count + margin * 2 };
  }, [value, margin]);

  return (
    <svg
      viewBox={`0 0 ${n} ${n}`}
      width={size}
      height={size}
      shapeRendering="crispEdges"
      role="img"
      aria-label={title ?? value}
      style={{ display: 'block', background: '#fff' }}
    >
      <title>{title ?? value}</title>
      <path d={path} fill="#000" />
    </svg>
  );
}
