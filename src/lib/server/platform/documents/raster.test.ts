import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rasterize, ringsOfPath } from './raster';

/** Reads back an 8-bit RGB PNG without filters, as encodePng writes it, checking every chunk's length. */
function decode(png: Buffer) {
	expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	let at = 8;
	let width = 0;
	let height = 0;
	const data: Buffer[] = [];
	while (at < png.length) {
		const length = png.readUInt32BE(at);
		const type = png.toString('ascii', at + 4, at + 8);
		const body = png.subarray(at + 8, at + 8 + length);
		if (type === 'IHDR') {
			width = body.readUInt32BE(0);
			height = body.readUInt32BE(4);
			expect([body[8], body[9]]).toEqual([8, 2]);
		}
		if (type === 'IDAT') data.push(body);
		at += 12 + length;
	}
	expect(at).toBe(png.length);
	const rows = inflateSync(Buffer.concat(data));
	expect(rows.length).toBe((width * 3 + 1) * height);
	const pixel = (x: number, y: number) => {
		const i = y * (width * 3 + 1) + 1 + x * 3;
		return `#${[rows[i], rows[i + 1], rows[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
	};
	return { width, height, pixel };
}

describe('the map drawn as a PNG', () => {
	it('reads the rings of the server map paths', () => {
		expect(ringsOfPath('M0 0L10 0L10 10Z M2 2L3 2L3 3Z')).toEqual([
			[0, 0, 10, 0, 10, 10],
			[2, 2, 3, 2, 3, 3]
		]);
	});

	it('fills each area in its colour, leaves holes open and the rest as background', () => {
		// A square with a square hole, and a triangle beside it.
		const ring = 'M1 1L9 1L9 9L1 9Z M4 4L6 4L6 6L4 6Z';
		const { png, width, height } = rasterize(
			[
				{ d: ring, fill: '#2171b5' },
				{ d: 'M11 1L19 1L19 9Z', fill: '#d73027' }
			],
			{ width: 20, height: 10, scale: 2, background: '#f4f1ea', stroke: null }
		);
		const image = decode(png);
		expect([image.width, image.height]).toEqual([width, height]);
		expect([width, height]).toEqual([40, 20]);
		expect(image.pixel(4, 4)).toBe('#2171b5'); // inside the square
		expect(image.pixel(10, 10)).toBe('#f4f1ea'); // in the hole
		expect(image.pixel(0, 0)).toBe('#f4f1ea'); // outside
		expect(image.pixel(36, 4)).toBe('#d73027'); // inside the triangle, near its right angle
		expect(image.pixel(24, 16)).toBe('#f4f1ea'); // below the triangle's diagonal
	});

	it('draws the outlines between areas over the fills', () => {
		const { png } = rasterize([{ d: 'M1 1L9 1L9 9L1 9Z', fill: '#9ecae1' }], { width: 10, height: 10, scale: 1, stroke: '#ffffff', background: '#000000' });
		const image = decode(png);
		expect(image.pixel(1, 5)).toBe('#ffffff');
		expect(image.pixel(5, 5)).toBe('#9ecae1');
		expect(image.pixel(0, 5)).toBe('#000000');
	});
});
