import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  pixelAt,
  pngClaiming,
  sidewaysJpegWithExif,
  solidPng,
  solidWebp,
} from '../../test/fixtures/images.ts';
import { DomainError } from '../errors.ts';
import {
  AVATAR_PIPELINE,
  DEFAULT_UPLOAD_LIMITS,
  PHOTO_PIPELINE,
  processImage,
  sniffImageKind,
  uploadLimitsFrom,
} from './images.ts';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('sniffImageKind', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes and nothing else', async () => {
    expect(sniffImageKind(await sidewaysJpegWithExif())).toBe('jpeg');
    expect(sniffImageKind(await solidPng())).toBe('png');
    expect(sniffImageKind(await solidWebp())).toBe('webp');
    expect(sniffImageKind(Buffer.from('GIF89a........'))).toBeNull();
    expect(sniffImageKind(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImageKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageKind(Buffer.alloc(0))).toBeNull();
  });
});

describe('processImage', () => {
  it('re-encodes to WebP at the variant sizes, from a buffer or a file', async () => {
    const png = await solidPng(800, 600);
    const fromBuffer = await processImage(png, AVATAR_PIPELINE);
    expect(fromBuffer.sourceKind).toBe('png');
    expect(fromBuffer.image).toMatchObject({
      mime: 'image/webp',
      extension: 'webp',
      width: 512,
      height: 512,
    });
    expect(fromBuffer.thumbnail).toMatchObject({ mime: 'image/webp', width: 128, height: 128 });
    expect(fromBuffer.image.size).toBe(fromBuffer.image.buffer.length);
    expect(sniffImageKind(fromBuffer.image.buffer)).toBe('webp');

    const dir = await mkdtemp(path.join(tmpdir(), 'pc-images-'));
    try {
      const file = path.join(dir, 'upload');
      await writeFile(file, png);
      const fromFile = await processImage(file, PHOTO_PIPELINE);
      // `inside` keeps the aspect ratio and never enlarges.
      expect(fromFile.image).toMatchObject({ width: 800, height: 600 });
      expect(fromFile.thumbnail).toMatchObject({ width: 400, height: 300 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns a sideways phone photo upright and strips its EXIF', async () => {
    const jpeg = await sidewaysJpegWithExif(200, 100);
    const before = await sharp(jpeg).metadata();
    expect(before.orientation).toBe(6);
    expect(before.exif?.toString('latin1')).toContain('PlasticCam');

    const { image } = await processImage(jpeg, PHOTO_PIPELINE);
    expect([image.width, image.height]).toEqual([100, 200]);
    // Rotated 90° clockwise: the left (red) half is now on top.
    const [topR, , topB] = await pixelAt(image.buffer, 50, 20);
    const [bottomR, , bottomB] = await pixelAt(image.buffer, 50, 180);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);

    const after = await sharp(image.buffer).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(image.buffer.includes(Buffer.from('PlasticCam'))).toBe(false);
    expect(image.buffer.includes(Buffer.from('Ada Painter'))).toBe(false);
  });

  it('can write JPEG instead, flattening transparency onto white', async () => {
    const transparent = await sharp({
      create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    const { image } = await processImage(transparent, { ...PHOTO_PIPELINE, output: 'jpeg' });
    expect(image).toMatchObject({ mime: 'image/jpeg', extension: 'jpg' });
    expect(sniffImageKind(image.buffer)).toBe('jpeg');
    expect(await pixelAt(image.buffer, 20, 20)).toEqual([255, 255, 255]);
  });

  it('refuses text dressed up as an image, whatever it is called', async () => {
    const error = await rejection(processImage(Buffer.from('just some text, honestly\n'), AVATAR_PIPELINE));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details.field).toBe('file');
    expect(error.message).toMatch(/not a supported image/);
  });

  it('refuses a kind the settings do not allow', async () => {
    const error = await rejection(processImage(await solidWebp(), AVATAR_PIPELINE, ['jpeg', 'png']));
    expect(error.message).toMatch(/JPEG, PNG/);
  });

  it('refuses a file with the right magic bytes but a broken body', async () => {
    const png = await solidPng(64, 64);
    const broken = Buffer.concat([png.subarray(0, 40), Buffer.alloc(200, 0x41)]);
    const error = await rejection(processImage(broken, AVATAR_PIPELINE));
    expect(error.message).toMatch(/could not be read/);
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    const bomb = await pngClaiming(60_000, 60_000);
    // A valid PNG as far as its header goes (read here with the ceiling off).
    expect((await sharp(bomb, { limitInputPixels: false }).metadata()).width).toBe(60_000);
    const error = await rejection(processImage(bomb, AVATAR_PIPELINE));
    expect(error.message).toMatch(/too many pixels/);
  });

  it('applies a lower pixel ceiling when given one', async () => {
    const error = await rejection(processImage(await solidPng(100, 100), AVATAR_PIPELINE, undefined, 5_000));
    expect(error.message).toMatch(/too many pixels/);
  });
});

describe('uploadLimitsFrom', () => {
  it('maps the settings to sniffable kinds and keeps the byte limit', () => {
    expect(
      uploadLimitsFrom({
        max_upload_size: 5 * 1024 * 1024,
        supported_image_types: ['jpg', 'jpeg', 'png', 'webp'],
      }),
    ).toEqual(DEFAULT_UPLOAD_LIMITS);
    // gif, avif and heic can be listed by an admin, but the pipeline does not take them.
    expect(
      uploadLimitsFrom({ max_upload_size: 2048, supported_image_types: ['png', 'gif', 'jpg', 'heic'] }),
    ).toEqual({
      maxBytes: 2048,
      allowedKinds: ['png', 'jpeg'],
    });
  });
});
