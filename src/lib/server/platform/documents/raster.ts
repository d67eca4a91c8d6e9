import { deflateSync } from 'node:zlib';

/**
 * Draws the server's SVG map paths into a PNG, so a Word or PDF report carries the same map as
 * the page. Word cannot show SVG without a PNG beside it and the machines have no image
 * library, so this is a small scanline filler for the only shapes our maps have: straight-edged
 * rings written as `M x y L x y … Z`.
 */

export interface RasterShape {
	/** An SVG path of straight segments (M, L, Z), in the drawing's coordinates. */
	d: string;
	/** '#rrggbb' */
	fill: string;
}

export interface RasterOptions {
	width: number;
	height: number;
	/** Pixels per drawing unit: 2 gives a sharp print at the drawing's on-screen size. */
	scale?: number;
	background?: string;
	/** The outline between areas, one pixel wide. */
	stroke?: string | null;
}

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb {
	const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
	if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
	return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}

/** The rings of a path of straight segments, as flat [x0, y0, x1, y1, …] arrays. */
export function ringsOfPath(d: string): number[][] {
	const rings: number[][] = [];
	let ring: number[] = [];
	for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/gi)) {
		const numbers =
			args.trim() === ''
				? []
				: args
						.trim()
						.split(/[\s,]+/)
						.map(Number);
		const upper = command.toUpperCase();
		if (upper === 'M') {
			if (ring.length >= 6) rings.push(ring);
			ring = [];
		}
		if (upper === 'Z') {
			if (ring.length >= 6) rings.push(ring);
			ring = [];
			continue;
		}
		for (let i = 0; i + 1 < numbers.length; i += 2) ring.push(numbers[i], numbers[i + 1]);
	}
	if (ring.length >= 6) rings.push(ring);
	return rings;
}

/** Fills the rings even-odd, sampling each pixel at its centre. */
function fillRings(pixels: Uint8Array, width: number, height: number, rings: number[][], scale: number, [r, g, b]: Rgb) {
	let minY = Infinity;
	let maxY = -Infinity;
	for (const ring of rings)
		for (let i = 1; i < ring.length; i += 2) {
			minY = Math.min(minY, ring[i] * scale);
			maxY = Math.max(maxY, ring[i] * scale);
		}
	const crossings: number[] = [];
	for (let y = Math.max(0, Math.floor(minY)); y < Math.min(height, Math.ceil(maxY)); y++) {
		const sy = y + 0.5;
		crossings.length = 0;
		for (const ring of rings) {
			const n = ring.length / 2;
			for (let i = 0; i < n; i++) {
				const j = (i + 1) % n;
				const y0 = ring[2 * i + 1] * scale;
				const y1 = ring[2 * j + 1] * scale;
				if (y0 <= sy === y1 <= sy) continue;
				const x0 = ring[2 * i] * scale;
				const x1 = ring[2 * j] * scale;
				crossings.push(x0 + ((sy - y0) / (y1 - y0)) * (x1 - x0));
			}
		}
		crossings.sort((a, b) => a - b);
		for (let k = 0; k + 1 < crossings.length; k += 2) {
			const from = Math.max(0, Math.ceil(crossings[k] - 0.5));
			const to = Math.min(width - 1, Math.floor(crossings[k + 1] - 0.5));
			for (let x = from; x <= to; x++) {
				const at = (y * width + x) * 3;
				pixels[at] = r;
				pixels[at + 1] = g;
				pixels[at + 2] = b;
			}
		}
	}
}

function strokeRings(pixels: Uint8Array, width: number, height: number, rings: number[][], scale: number, [r, g, b]: Rgb) {
	for (const ring of rings) {
		const n = ring.length / 2;
		for (let i = 0; i < n; i++) {
			const j = (i + 1) % n;
			const x0 = ring[2 * i] * scale;
			const y0 = ring[2 * i + 1] * scale;
			const x1 = ring[2 * j] * scale;
			const y1 = ring[2 * j + 1] * scale;
			const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
			for (let s = 0; s <= steps; s++) {
				const x = Math.floor(x0 + ((x1 - x0) * s) / steps);
				const y = Math.floor(y0 + ((y1 - y0) * s) / steps);
				if (x < 0 || y < 0 || x >= width || y >= height) continue;
				const at = (y * width + x) * 3;
				pixels[at] = r;
				pixels[at + 1] = g;
				pixels[at + 2] = b;
			}
		}
	}
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'ascii');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
	return Buffer.concat([head, data, crc]);
}

/** An 8-bit RGB PNG of `width` × `height` pixels. */
export function encodePng(pixels: Uint8Array, width: number, height: number): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // RGB
	const rows = Buffer.alloc((width * 3 + 1) * height);
	for (let y = 0; y < height; y++) {
		// Filter byte 0 (none) before each row.
		rows.set(pixels.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
	}
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(rows)),
		chunk('IEND', new Uint8Array())
	]);
}

/** The shapes drawn in order (later over earlier) on the background, as a PNG. */
export function rasterize(shapes: RasterShape[], options: RasterOptions): { png: Buffer; width: number; height: number } {
	const scale = options.scale ?? 2;
	const width = Math.max(1, Math.round(options.width * scale));
	const height = Math.max(1, Math.round(options.height * scale));
	const pixels = new Uint8Array(width * height * 3).fill(255);
	if (options.background) {
		const [r, g, b] = rgbOf(options.background);
		for (let i = 0; i < pixels.length; i += 3) {
			pixels[i] = r;
			pixels[i + 1] = g;
			pixels[i + 2] = b;
		}
	}
	const stroke = options.stroke === null ? null : rgbOf(options.stroke ?? '#ffffff');
	const ringsOf = shapes.map((shape) => ringsOfPath(shape.d));
	shapes.forEach((shape, i) => fillRings(pixels, width, height, ringsOf[i], scale, rgbOf(shape.fill)));
	if (stroke) for (const rings of ringsOf) strokeRings(pixels, width, height, rings, scale, stroke);
	return { png: encodePng(pixels, width, height), width, height };
}
