// Pixel operations and ONNX session settings of the face pipeline: the separable resize path of warpAffine gives
// exactly the pixels of a plain per-pixel bilinear sampler, tensor packing matches its formula, and sessions run
// 2 intra-op threads by default whose idle workers do not spin.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../src/config.ts";
import { type Affine, cropResize, type RgbImage, toPlanar, warpAffine } from "../src/image/ops.ts";
import { sessionOptions } from "../src/vision/models.ts";

/** A deterministic 37×23 test image with every byte value. */
const image: RgbImage = {
  width: 37,
  height: 23,
  data: Uint8Array.from({ length: 37 * 23 * 3 }, (_, i) => (i * 97 + (i >> 3)) % 256),
};

/** Reference bilinear sampling, one pixel at a time (outside points black, edges clamped). */
function referenceWarp(src: RgbImage, [a, b, c, d, e, f]: Affine, width: number, height: number) {
  const out = new Uint8Array(width * height * 3);
  const at = (x: number, y: number, ch: number) => {
    const cx = Math.min(src.width - 1, Math.max(0, x));
    const cy = Math.min(src.height - 1, Math.max(0, y));
    return src.data[(cy * src.width + cx) * 3 + ch] ?? 0;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = a * x + b * y + c;
      const sy = d * x + e * y + f;
      if (sx < -1 || sy < -1 || sx > src.width || sy > src.height) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let ch = 0; ch < 3; ch++) {
        const top = at(x0, y0, ch) * (1 - fx) + at(x0 + 1, y0, ch) * fx;
        const bottom = at(x0, y0 + 1, ch) * (1 - fx) + at(x0 + 1, y0 + 1, ch) * fx;
        out[(y * width + x) * 3 + ch] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}

describe("warpAffine", () => {
  const transforms: Record<string, Affine> = {
    "downscale of the whole image": [37 / 16, 0, 37 / 32 - 0.5, 0, 23 / 9, 23 / 18 - 0.5],
    "upscaled crop": [0.31, 0, 4.2, 0, 0.27, 3.9],
    "crop reaching outside the image": [1.7, 0, -9.5, 0, 1.3, -6.25],
    mirror: [-1, 0, 36, 0, 1, 0],
    "rotation and scale (general path)": [0.8, 0.35, 2.5, -0.35, 0.8, 9.1],
  };

  for (const [name, transform] of Object.entries(transforms)) {
    it(`gives the reference pixels for a ${name}`, () => {
      const out = warpAffine(image, transform, 19, 13);

      assert.deepEqual(out.data, referenceWarp(image, transform, 19, 13));
    });
  }

  it("crops and resizes with pixel centres aligned", () => {
    const out = cropResize(image, { x: 3, y: 2, width: 20, height: 10 }, 10, 5);

    assert.deepEqual(out.data, referenceWarp(image, [2, 0, 3.5, 0, 2, 2.5], 10, 5));
  });
});

describe("toPlanar", () => {
  it("packs channels into planes as (value / scale - mean) / std", () => {
    const mean = [1, 2, 3] as const;
    const std = [2, 4, 8] as const;

    const tensor = toPlanar(image, { order: "bgr", mean, std, scale: 0.5 });

    const plane = image.width * image.height;
    for (const i of [0, 1, 400, plane - 1]) {
      for (let ch = 0; ch < 3; ch++) {
        const value = image.data[i * 3 + (2 - ch)] ?? 0;
        const expected = Math.fround((value / 0.5 - (mean[ch] ?? 0)) / (std[ch] ?? 1));
        assert.equal(tensor[ch * plane + i], expected);
      }
    }
  });
});

describe("ONNX session options", () => {
  it("run 2 intra-op threads by default, and idle workers sleep instead of spinning", () => {
    const threads = loadConfig({}).models.threads;

    const options = sessionOptions(threads);

    assert.equal(threads, 2);
    assert.equal(options.intraOpNumThreads, 2);
    assert.deepEqual(options.extra, { session: { intra_op: { allow_spinning: "0" } } });
  });
});
