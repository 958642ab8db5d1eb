// Reads the QR code on screen the way a phone would: from its pixels. The page draws the code's
// SVG onto a canvas (a data: image, which the app's CSP allows), and jsQR decodes the pixels
// here. A test that then hands the decoded token to the server (server.qrAccept) proves that what
// the person sees is the token the app is waiting for, not just that some picture is there.
import { createRequire } from 'node:module';
import type { Page } from '@playwright/test';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = createRequire(import.meta.url)('jsqr') as JsQr & { default?: JsQr };
const decode: JsQr = jsQR.default ?? jsQR;

/** The shown QR code (the live one, not an expired picture). */
export const liveQrCode = (page: Page) => page.getByRole('img', { name: 'QR code to log in to Telegram' });

/** Decodes the QR code on screen; throws when there is none or it can't be read. */
export async function readQrCode(page: Page): Promise<string> {
  const side = 360;
  // The pixels cross as one base64 string: as an array of numbers Playwright serialises each of
  // the half million values apart, which takes seconds on a loaded machine, long enough for the
  // code on screen to be replaced during the read.
  const rgba = await liveQrCode(page).evaluate(async (svg, size) => {
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('width', String(size));
    copy.setAttribute('height', String(size));
    const image = new Image(size, size);
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(copy))}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d canvas');
    context.drawImage(image, 0, 0, size, size);
    const bytes = context.getImageData(0, 0, size, size).data;
    const chunks: string[] = [];
    for (let i = 0; i < bytes.length; i += 0x8000) chunks.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
    return btoa(chunks.join(''));
  }, side);
  const result = decode(new Uint8ClampedArray(Buffer.from(rgba, 'base64')), side, side);
  if (result === null) throw new Error('the QR code on screen could not be read');
  return result.data;
}

/** The token of a tg://login?token=... URL, as the server's qrAccept takes it. */
export function loginToken(loginUrl: string): string {
  const token = new URL(loginUrl).searchParams.get('token');
  if (token === null || token === '') throw new Error(`not a login URL: ${loginUrl}`);
  return token;
}
