import { useEffect, useState } from 'react';

/** Fits a printed sheet `sheetWidthPx` wide (at 96 dpi) to a narrow window on screen; print ignores it. */
export function useFitZoom(sheetWidthPx: number): number {
  const [zoom, setZoom] = useState(1);
  useEffect(() => {
    const fit = () => setZoom(Math.min(1, (window.innerWidth - 32) / sheetWidthPx));
    fit();
    window.addEventListener('resize', fit);
    return () => window.removeEventListener('resize', fit);
  }, [sheetWidthPx]);
  return zoom;
}
