// A QR code as one SVG path, so the QR screen draws it with plain SVG attributes: no inline style,
// no script, no remote image, nothing the Content-Security-Policy has to allow. The encoding
// itself is uqr's (small, dependency-free, maintained); this file only turns its module matrix
// into path data.
import { encode } from 'uqr';

export interface QrPicture {
  /** Modules per side, the quiet zone included (the SVG's viewBox is 0 0 size size). */
  size: number;
  /** One `M x y h w v 1 h -w z` rectangle per horizontal run of dark modules. */
  path: string;
}

/**
 * The QR code of `text`, with the four-module quiet zone the standard asks for (phones read a
 * code more reliably with it). Error correction M: a screen can glare or show a reflection.
 */
export function qrPicture(text: string): QrPicture {
  const { size, data } = encode(text, { ecc: 'M', border: 4 });
  const parts: string[] = [];
  data.forEach((row, y) => {
    let x = 0;
    while (x < size) {
      if (!row[x]) {
        x += 1;
        continue;
      }
      const start = x;
      while (x < size && row[x]) x += 1;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  });
  return { size, path: parts.join('') };
}
