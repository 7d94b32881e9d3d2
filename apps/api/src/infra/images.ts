import { open } from 'node:fs/promises';
import type { AppSettings } from '@plastic-crack/api-contract';
import sharp, { type Sharp } from 'sharp';
import { badInput, DomainError } from '../errors.ts';

/**
 * The one image pipeline for everything users upload (avatars now, collection photos next): the
 * type is decided by the file's magic bytes (never its name or declared type), then the image is
 * decoded with a pixel ceiling, turned upright per its EXIF orientation, resized and re-encoded.
 * Re-encoding without `withMetadata`/`keepExif` drops EXIF (GPS, camera serials), XMP, IPTC and ICC.
 */

export type ImageKind = 'jpeg' | 'png' | 'webp';

export interface UploadLimits {
  maxBytes: number;
  allowedKinds: ImageKind[];
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 5 * 1024 * 1024,
  allowedKinds: ['jpeg', 'png', 'webp'],
};

const NAME_TO_KIND: Record<string, ImageKind> = { jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp' };

/**
 * Upload limits from the app settings (max_upload_size, supported_image_types; read through the
 * shared cached `services.appSettings`). Types the pipeline cannot sniff and re-encode (anything
 * but JPEG, PNG and WebP) are ignored even when an admin lists them.
 */
export function uploadLimitsFrom(
  settings: Pick<AppSettings, 'max_upload_size' | 'supported_image_types'>,
): UploadLimits {
  const kinds = new Set(settings.supported_image_types.flatMap((name) => NAME_TO_KIND[name] ?? []));
  return { maxBytes: settings.max_upload_size, allowedKinds: [...kinds] };
}

/** The image format a file really is, from its first bytes; null for anything else. */
export function sniffImageKind(head: Uint8Array): ImageKind | null {
  const starts = (bytes: number[], offset = 0) => bytes.every((byte, index) => head[offset + index] === byte);
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  // RIFF <size> WEBP
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

async function readHead(source: string | Buffer): Promise<Buffer> {
  if (Buffer.isBuffer(source)) return source.subarray(0, 16);
  const file = await open(source, 'r');
  try {
    const head = Buffer.alloc(16);
    const { bytesRead } = await file.read(head, 0, 16, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

export interface ImageVariantSpec {
  width: number;
  height: number;
  /** `cover` crops to exactly width × height (avatars); `inside` keeps the aspect ratio (photos). */
  fit: 'cover' | 'inside';
}

export interface ImagePipelineSpec {
  output: 'webp' | 'jpeg';
  main: ImageVariantSpec;
  thumbnail: ImageVariantSpec;
}

export const AVATAR_PIPELINE: ImagePipelineSpec = {
  output: 'webp',
  main: { width: 512, height: 512, fit: 'cover' },
  thumbnail: { width: 128, height: 128, fit: 'cover' },
};

export const PHOTO_PIPELINE: ImagePipelineSpec = {
  output: 'webp',
  main: { width: 2048, height: 2048, fit: 'inside' },
  thumbnail: { width: 400, height: 400, fit: 'inside' },
};

/**
 * Refuses decompression bombs before decoding: sharp checks the header's dimensions against this.
 * 40 MP covers any phone or camera photo; a 5 MiB PNG claiming 30 000 × 30 000 does not pass.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface ProcessedImage {
  buffer: Buffer;
  mime: 'image/webp' | 'image/jpeg';
  extension: 'webp' | 'jpg';
  width: number;
  height: number;
  size: number;
}

export interface ProcessedUpload {
  /** What the uploaded file really was. */
  sourceKind: ImageKind;
  image: ProcessedImage;
  thumbnail: ProcessedImage;
}

const KIND_LABEL: Record<ImageKind, string> = { jpeg: 'JPEG', png: 'PNG', webp: 'WebP' };

/** Checks, decodes and re-encodes an uploaded image (a temp-file path or a buffer). */
export async function processImage(
  source: string | Buffer,
  spec: ImagePipelineSpec,
  allowedKinds: ImageKind[] = DEFAULT_UPLOAD_LIMITS.allowedKinds,
  maxInputPixels = MAX_INPUT_PIXELS,
): Promise<ProcessedUpload> {
  const kind = sniffImageKind(await readHead(source));
  if (!kind || !allowedKinds.includes(kind)) {
    const accepted = allowedKinds.map((allowed) => KIND_LABEL[allowed]).join(', ');
    throw badInput(`That file is not a supported image (${accepted || 'none accepted'})`, 'file');
  }
  // failOn 'error': a truncated or corrupt file is refused rather than half-decoded.
  const decoder = () => sharp(source, { limitInputPixels: maxInputPixels, failOn: 'error', pages: 1 });
  try {
    const metadata = await decoder().metadata();
    // The magic bytes and the decoder must agree: no polyglot files.
    if (metadata.format !== kind) throw badInput('That file is not a supported image', 'file');
    if (metadata.width * metadata.height > maxInputPixels) throw tooManyPixels(maxInputPixels);
    const [image, thumbnail] = await Promise.all([
      encode(decoder(), spec.main, spec.output),
      encode(decoder(), spec.thumbnail, spec.output),
    ]);
    return { sourceKind: kind, image, thumbnail };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) throw tooManyPixels(maxInputPixels);
    throw badInput('That image could not be read; it may be damaged', 'file');
  }
}

const tooManyPixels = (max: number) =>
  badInput(`That image has too many pixels (at most ${Math.floor(max / 1_000_000)} megapixels)`, 'file');

async function encode(
  pipeline: Sharp,
  variant: ImageVariantSpec,
  output: ImagePipelineSpec['output'],
): Promise<ProcessedImage> {
  // Upright first, so the crop and the stored pixels match what the camera showed.
  let image = pipeline.autoOrient().resize({
    width: variant.width,
    height: variant.height,
    fit: variant.fit,
    withoutEnlargement: variant.fit === 'inside',
  });
  image =
    output === 'webp'
      ? image.webp({ quality: 82, effort: 4 })
      : image.flatten({ background: '#ffffff' }).jpeg({ quality: 85, mozjpeg: true });
  const { data, info } = await image.toBuffer({ resolveWithObject: true });
  return {
    buffer: data,
    mime: output === 'webp' ? 'image/webp' : 'image/jpeg',
    extension: output === 'webp' ? 'webp' : 'jpg',
    width: info.width,
    height: info.height,
    size: info.size,
  };
}
