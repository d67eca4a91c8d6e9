import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors';
import { PHOTO_LIMITS, preparePhoto } from './images';
import { sniffFileType } from './sniff';

/** A phone photo as it arrives: 4000×3000, rotated by an EXIF orientation, with a GPS position and a camera model. */
async function phonePhoto(): Promise<Uint8Array> {
	return sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#336699' } })
		.jpeg()
		.withMetadata({ orientation: 6 })
		.withExifMerge({
			IFD0: { Make: 'Telefonmakare', Model: 'Modell X', Copyright: 'Karl Karlsson' },
			IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '60/1 36/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '15/1 37/1 0/1' }
		})
		.toBuffer();
}

async function fieldCode(promise: Promise<unknown>): Promise<string | undefined> {
	const error = await promise.then(
		() => null,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(ValidationError);
	return (error as ValidationError).fieldCodes.photo?.code;
}

describe('preparePhoto', () => {
	it('turns the photo upright, shrinks it and removes every piece of metadata', async () => {
		const input = await phonePhoto();
		const before = await sharp(input).metadata();
		expect(before.exif?.length).toBeGreaterThan(0);
		expect(Buffer.from(input).includes('Karl Karlsson')).toBe(true);

		const photo = await preparePhoto(input);
		const after = await sharp(photo.bytes).metadata();
		expect(photo.mime).toBe('image/jpeg');
		expect(sniffFileType(photo.bytes)).toBe('jpeg');
		// Orientation 6 is a 90° turn: the stored image is portrait, and needs no turning to be shown.
		expect([photo.width, photo.height]).toEqual([1200, 1600]);
		expect([after.width, after.height]).toEqual([1200, 1600]);
		expect(after.exif).toBeUndefined();
		expect(after.xmp).toBeUndefined();
		expect(after.icc).toBeUndefined();
		expect(after.orientation).toBeUndefined();
		const bytes = Buffer.from(photo.bytes);
		for (const trace of ['Karl Karlsson', 'Modell X', 'Exif']) expect(bytes.includes(trace), trace).toBe(false);
	});

	it('keeps a small image at its size', async () => {
		const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } })
			.png()
			.toBuffer();
		const photo = await preparePhoto(png);
		expect([photo.width, photo.height]).toEqual([300, 200]);
	});

	it('refuses what is not a photo, with a Swedish message naming the field', async () => {
		expect(await fieldCode(preparePhoto(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')))).toBe('file.photo_not_image');
		expect(await fieldCode(preparePhoto(new Uint8Array(0)))).toBe('file.photo_empty');
		const pdf = new TextEncoder().encode('%PDF-1.7\n…');
		const error = await preparePhoto(pdf, 'bild').catch((e: ValidationError) => e);
		expect((error as ValidationError).fieldErrors.bild).toMatch(/ingen bild/);
	});

	it('refuses a HEIC photo with advice, and a damaged JPEG without crashing', async () => {
		const heic = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypheic'), 0, 0, 0, 0]);
		expect(await fieldCode(preparePhoto(heic))).toBe('file.photo_heic');
		const truncated = (await phonePhoto()).subarray(0, 2000);
		expect(await fieldCode(preparePhoto(truncated))).toBe('file.photo_unreadable');
	});

	it('refuses a decompression bomb before decoding it', async () => {
		// 20,000 × 20,000 pixels of one colour: a few hundred kilobytes that would decode to 1.2 GB.
		const bomb = await sharp({ create: { width: 20_000, height: 20_000, channels: 3, background: '#000' }, limitInputPixels: false })
			.png({ compressionLevel: 9 })
			.toBuffer({ resolveWithObject: false });
		expect(bomb.byteLength).toBeLessThan(PHOTO_LIMITS.bytes);
		expect(await fieldCode(preparePhoto(bomb))).toBe('file.photo_too_many_pixels');
	}, 30_000);
});
