import { codedValidationError } from '../errors';
import { sniffFileType, type SniffedType } from './sniff';

/** Limits on an uploaded photo, checked before and while it is decoded. */
export const PHOTO_LIMITS = {
	bytes: 20 * 1024 * 1024,
	/** Decoded pixels: a 48-megapixel phone photo passes, a decompression bomb does not. */
	inputPixels: 60_000_000,
	/** The longer edge of the stored image: enough to see a broken lamp, small on a phone's data plan. */
	longEdge: 1600,
	jpegQuality: 80
} as const;

const DECODABLE: readonly SniffedType[] = ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff'];

export interface PreparedPhoto {
	bytes: Uint8Array;
	mime: 'image/jpeg';
	width: number;
	height: number;
}

/**
 * A photo as Förebygg keeps it: turned upright, at most `longEdge` pixels, re-encoded as JPEG
 * without any metadata. Re-encoding (not editing the metadata) is what guarantees that EXIF, GPS
 * position, XMP, IPTC and embedded thumbnails are gone — photos from the field show where and
 * when the reporter stood. `field` names the form field for the error message.
 */
export async function preparePhoto(input: Uint8Array, field = 'photo'): Promise<PreparedPhoto> {
	if (input.byteLength === 0) throw codedValidationError({ [field]: { code: 'file.photo_empty' } });
	if (input.byteLength > PHOTO_LIMITS.bytes) throw codedValidationError({ [field]: { code: 'file.photo_too_large', params: { megabytes: 20 } } });
	const type = sniffFileType(input);
	if (type === 'heic') throw codedValidationError({ [field]: { code: 'file.photo_heic' } });
	if (type === null || !DECODABLE.includes(type)) throw codedValidationError({ [field]: { code: 'file.photo_not_image' } });
	// Loaded on first use: the image library is large and most requests never need it.
	const { default: sharp } = await import('sharp');
	sharp.cache(false);
	try {
		const { data, info } = await sharp(input, { limitInputPixels: PHOTO_LIMITS.inputPixels, failOn: 'error', animated: false })
			.rotate()
			.resize({ width: PHOTO_LIMITS.longEdge, height: PHOTO_LIMITS.longEdge, fit: 'inside', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: PHOTO_LIMITS.jpegQuality, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mime: 'image/jpeg', width: info.width, height: info.height };
	} catch (error) {
		if (error instanceof Error && /pixel limit/i.test(error.message)) throw codedValidationError({ [field]: { code: 'file.photo_too_many_pixels' } });
		throw codedValidationError({ [field]: { code: 'file.photo_unreadable' } });
	}
}
