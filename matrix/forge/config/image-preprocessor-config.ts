/**
 * `preprocessor_config.json` for a forged image model. transformers.js picks the processor class
 * from `image_processor_type`, not from the model type, so each family names its real class;
 * the resize style decides which `size` keys that class reads.
 */

/** How a processor class is told the target size. */
export type ResizeStyle =
  /** `size: {height, width}` — ViT, DeiT, BEiT, Swin, SegFormer, PVT, DPT … */
  | 'height-width'
  /** `size: {shortest_edge}` + centre crop to `crop_size` — BiT/DINOv2, MobileNet, CLIP … */
  | 'shortest-edge-crop'
  /** ConvNeXt / ResNet: `size: {shortest_edge}` with `crop_pct` (resize then crop inside the class). */
  | 'convnext'
  /** MobileViT: shortest edge + crop, BGR channel order, no normalisation. */
  | 'mobilevit';

export interface ImagePreprocessorOptions {
  processorType: string;
  style: ResizeStyle;
  imageSize: number;
  /** Extra keys (e.g. `do_pad`, `size_divisibility`) merged last. */
  extra?: Record<string, unknown>;
}

const IMAGENET_MEAN = [0.485, 0.456, 0.406];
const IMAGENET_STD = [0.229, 0.224, 0.225];

/** The JSON object written to `preprocessor_config.json`. */
export function imagePreprocessorConfig(o: ImagePreprocessorOptions): Record<string, unknown> {
  const S = o.imageSize;
  const base: Record<string, unknown> = {
    image_processor_type: o.processorType,
    do_resize: true,
    resample: 2,
    do_rescale: true,
    rescale_factor: 1 / 255,
    do_normalize: true,
    image_mean: IMAGENET_MEAN,
    image_std: IMAGENET_STD,
  };
  switch (o.style) {
    case 'height-width':
      Object.assign(base, { size: { height: S, width: S } });
      break;
    case 'shortest-edge-crop':
      Object.assign(base, { size: { shortest_edge: S }, do_center_crop: true, crop_size: { height: S, width: S } });
      break;
    case 'convnext':
      Object.assign(base, { size: { shortest_edge: S }, crop_pct: 0.875 });
      break;
    case 'mobilevit':
      Object.assign(base, {
        size: { shortest_edge: S },
        do_center_crop: true,
        crop_size: { height: S, width: S },
        do_flip_channel_order: true,
        do_normalize: false,
      });
      break;
  }
  return { ...base, ...o.extra };
}
