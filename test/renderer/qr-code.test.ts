// The QR picture the QR screen draws: its path, read back module by module and decoded like a
// camera would (jsQR on the rasterized modules), must give back exactly the login URL.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { qrPicture } from '../../renderer/src/lib/qr-code';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const loaded = createRequire(import.meta.url)('jsqr') as JsQr & { default?: JsQr };
const jsQR: JsQr = loaded.default ?? loaded;

/** The dark modules the path draws, as "x,y" keys (each `M x y h w v 1 h -w z` is one run). */
function darkModules(path: string): Set<string> {
  const dark = new Set<string>();
  const run = /M(\d+) (\d+)h(\d+)v1h-(\d+)z/g;
  let consumed = 0;
  for (const match of path.matchAll(run)) {
    expect(match.index).toBe(consumed);
    consumed += match[0].length;
    const [x, y, w, back] = match.slice(1).map(Number) as [number, number, number, number];
    expect(back).toBe(w);
    for (let i = 0; i < w; i += 1) dark.add(`${x + i},${y}`);
  }
  expect(consumed).toBe(path.length);
  return dark;
}

/** RGBA pixels of the modules at `scale` px each, black on white. */
function rasterize(size: number, dark: Set<string>, scale: number): Uint8ClampedArray {
  const side = size * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let py = 0; py < side; py += 1) {
    for (let px = 0; px < side; px += 1) {
      if (!dark.has(`${Math.floor(px / scale)},${Math.floor(py / scale)}`)) continue;
      const i = (py * side + px) * 4;
      pixels[i] = pixels[i + 1] = pixels[i + 2] = 0;
    }
  }
  return pixels;
}

describe('qrPicture', () => {
  const url = 'tg://login?token=AQLtlwxpAAAAAIzH3v7V0c1m8r9pJ7yq-ZTtaO4K_xW2bVdG3nq9Qe';

  it('draws a code that decodes to the login URL', () => {
    const { size, path } = qrPicture(url);
    const dark = darkModules(path);
    const decoded = jsQR(rasterize(size, dark, 4), size * 4, size * 4);
    expect(decoded?.data).toBe(url);
  });

  it('keeps a four-module quiet zone free on every side', () => {
    const { size } = qrPicture(url);
    const dark = darkModules(qrPicture(url).path);
    for (const key of dark) {
      const [x, y] = key.split(',').map(Number) as [number, number];
      expect(x).toBeGreaterThanOrEqual(4);
      expect(y).toBeGreaterThanOrEqual(4);
      expect(x).toBeLessThan(size - 4);
      expect(y).toBeLessThan(size - 4);
    }
  });

  it('gives a different picture for a different token, and the same one for the same token', () => {
    expect(qrPicture(url)).toEqual(qrPicture(url));
    expect(qrPicture(`${url}x`).path).not.toBe(qrPicture(url).path);
  });
});
