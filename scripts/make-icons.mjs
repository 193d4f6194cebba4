#!/usr/bin/env node
/**
 * Draws the app's icons with nothing but node:zlib and writes them under build/:
 *
 *   build/icon.png                 512×512 app icon (electron-builder's source icon)
 *   build/icons/NxN.png            Linux icon set (16 … 512)
 *   build/icon.ico                 Windows icon (PNG-compressed entries, 16 … 256)
 *   build/icon.icns                macOS icon (PNG-compressed entries, 16 … 1024)
 *   build/tray/tray-<state>.png    tray icons, 16×16 and @2x 32×32, one colour per state
 *
 * The mark: a rounded square holding a small network graph (a hub linked to three nodes that are linked to
 * each other). Tray icons differ by colour only: green online, grey paused, indigo waiting (outside the
 * availability windows, on battery, computer in use), amber problem.
 *
 * Run: node scripts/make-icons.mjs   (the output is committed; rerun only to change the artwork)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deflateSync } from 'node:zlib';
import * as zlib from 'node:zlib';

const ROOT = join(import.meta.dirname, '..');
const BUILD = join(ROOT, 'build');

// -------------------------------------------------------------------------------------------------
// PNG encoding (8-bit RGBA, no interlace)
// -------------------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf) >>> 0;
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** @param {number} width @param {number} height @param {Uint8Array} rgba */
function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter
  ihdr[12] = 0; // interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// -------------------------------------------------------------------------------------------------
// Drawing: signed distance fields in unit coordinates (0..1), supersampled
// -------------------------------------------------------------------------------------------------

const sdCircle = (x, y, cx, cy, r) => Math.hypot(x - cx, y - cy) - r;

/** The distance from (x, y) to the segment from point `a` to point `b` (each `[x, y]`), `halfWidth` thick. */
function sdSegment(x, y, a, b, halfWidth) {
  const [ax, ay] = a;
  const [bx, by] = b;
  const px = x - ax;
  const py = y - ay;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, (px * dx + py * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - dx * t, py - dy * t) - halfWidth;
}

function sdRoundedSquare(x, y, inset, radius) {
  const half = 0.5 - inset;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];

/**
 * @param {object} style
 * @param {number} style.inset     margin around the square
 * @param {number} style.radius    corner radius
 * @param {[string, string]} style.colors  top and bottom of the background gradient
 * @param {number} style.hub       radius of the centre node
 * @param {number} style.leaf      radius of the outer nodes
 * @param {number} style.spoke     half width of the hub-to-node links
 * @param {number} style.rim       half width of the node-to-node links
 * @param {number} style.reach     distance of the outer nodes from the centre
 */
function drawMark(size, style) {
  const [top, bottom] = style.colors.map(hex);
  const centre = [0.5, 0.53];
  const leaves = [-90, 30, 150].map((deg) => {
    const a = (deg * Math.PI) / 180;
    return [centre[0] + Math.cos(a) * style.reach, centre[1] + Math.sin(a) * style.reach];
  });
  const glyph = (x, y) => {
    let d = sdCircle(x, y, centre[0], centre[1], style.hub);
    for (let i = 0; i < leaves.length; i++) {
      const leaf = leaves[i];
      const [lx, ly] = leaf;
      d = Math.min(d, sdCircle(x, y, lx, ly, style.leaf));
      d = Math.min(d, sdSegment(x, y, centre, leaf, style.spoke));
      if (style.rim > 0) d = Math.min(d, sdSegment(x, y, leaf, leaves[(i + 1) % leaves.length], style.rim));
    }
    return d;
  };

  const samples = size <= 64 ? 8 : size <= 256 ? 4 : 3;
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          if (sdRoundedSquare(x, y, style.inset, style.radius) > 0) continue;
          if (glyph(x, y) <= 0) {
            r += 255;
            g += 255;
            b += 255;
          } else {
            const t = Math.min(1, Math.max(0, (y - style.inset) / (1 - 2 * style.inset)));
            r += top[0] + (bottom[0] - top[0]) * t;
            g += top[1] + (bottom[1] - top[1]) * t;
            b += top[2] + (bottom[2] - top[2]) * t;
          }
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
        out[i + 3] = Math.round((255 * a) / (samples * samples));
      }
    }
  }
  return encodePng(size, size, out);
}

const APP_STYLE = {
  inset: 0.06,
  radius: 0.2,
  colors: ['#2563eb', '#1e3a8a'],
  hub: 0.1,
  leaf: 0.075,
  spoke: 0.028,
  rim: 0.016,
  reach: 0.27,
};

// Bolder strokes and no margin so the mark survives 16 pixels.
const TRAY_STYLE = { inset: 0, radius: 0.22, hub: 0.13, leaf: 0.105, spoke: 0.055, rim: 0, reach: 0.29 };
const TRAY_COLORS = {
  online: ['#22a559', '#15803d'],
  paused: ['#9ca3af', '#6b7280'],
  waiting: ['#818cf8', '#4338ca'],
  problem: ['#f59e0b', '#c2410c'],
};

// -------------------------------------------------------------------------------------------------
// Containers: ICO and ICNS both accept PNG-compressed entries
// -------------------------------------------------------------------------------------------------

function encodeIco(entries) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(entries.length, 4);
  const dir = Buffer.alloc(16 * entries.length);
  let offset = header.length + dir.length;
  entries.forEach(({ size, png }, i) => {
    const o = i * 16;
    dir[o] = size >= 256 ? 0 : size;
    dir[o + 1] = size >= 256 ? 0 : size;
    dir[o + 2] = 0; // palette
    dir[o + 3] = 0;
    dir.writeUInt16LE(1, o + 4); // planes
    dir.writeUInt16LE(32, o + 6); // bits per pixel
    dir.writeUInt32LE(png.length, o + 8);
    dir.writeUInt32LE(offset, o + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...entries.map((e) => e.png)]);
}

function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// -------------------------------------------------------------------------------------------------

function write(relPath, data) {
  const path = join(BUILD, relPath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
  console.log(`build/${relPath}  ${data.length} bytes`);
}

const cache = new Map();
const appIcon = (size) => {
  if (!cache.has(size)) cache.set(size, drawMark(size, APP_STYLE));
  return cache.get(size);
};

write('icon.png', appIcon(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`icons/${size}x${size}.png`, appIcon(size));
write('icon.ico', encodeIco([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: appIcon(size) }))));
write(
  'icon.icns',
  encodeIcns(
    [
      ['icp4', 16],
      ['icp5', 32],
      ['ic11', 32],
      ['icp6', 64],
      ['ic12', 64],
      ['ic07', 128],
      ['ic08', 256],
      ['ic13', 256],
      ['ic09', 512],
      ['ic14', 512],
      ['ic10', 1024],
    ].map(([type, size]) => ({ type, png: appIcon(size) })),
  ),
);
for (const [state, colors] of Object.entries(TRAY_COLORS)) {
  write(`tray/tray-${state}.png`, drawMark(16, { ...TRAY_STYLE, colors }));
  write(`tray/tray-${state}@2x.png`, drawMark(32, { ...TRAY_STYLE, colors }));
}
