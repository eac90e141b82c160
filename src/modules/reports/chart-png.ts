/**
 * Charts as PNG for the workbook: exceljs embeds only png/jpeg/gif images, so the same ECharts SVG
 * the page shows is rasterised with @napi-rs/canvas (Skia, a prebuilt binary from the npm registry,
 * no network at run time) at twice its size for a sharp print. Chinese labels need a CJK font on the
 * machine (fonts-noto-cjk here; the Docker image installs fonts-wqy-microhei).
 */
import { createCanvas, Image } from '@napi-rs/canvas';

export function svgToPng(svg: string, width: number, height: number, scale = 2): Buffer {
  const image = new Image();
  image.src = Buffer.from(svg);
  const canvas = createCanvas(width * scale, height * scale);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/png');
}
