/**
 * Frozen table of the dense vision families: which head each task gets and which processor
 * class (with the keys that class reads) its `preprocessor_config.json` names.
 */
import type { ResizeStyle } from '../config/image-preprocessor-config.js';

/** Output heads (and the graph outputs each writes). */
export type DenseHead =
  /** `predicted_depth [b, H, W]` */
  | 'depth'
  /** `predicted_depth` + `field_of_view [b]` (Depth Pro) */
  | 'depth-fov'
  /** `predicted_normal [b, 3, H, W]` */
  | 'normal'
  /** `logits [b, queries, labels+1]`, `pred_boxes [b, queries, 4]` */
  | 'detect'
  /** `detect`'s outputs + `pred_masks [b, queries, h, w]` (DetrForSegmentation) */
  | 'detect-masks'
  /** `logits [b, labels, h, w]` */
  | 'semantic'
  /** `output [b, 1, H, W]` in 0..1 (background removal) */
  | 'mask'
  /** `class_queries_logits [b, q, labels+1]`, `masks_queries_logits [b, q, h, w]` */
  | 'maskformer'
  /** `reconstruction [b, 3, 2H, 2W]` */
  | 'super-resolution'
  /** `heatmaps [b, keypoints, h, w]` */
  | 'heatmaps'
  /** `alphas [b, 1, H, W]` from image + trimap */
  | 'alphas'
  /** `last_hidden_state [b, tokens, hidden]` */
  | 'features';

export interface DenseFamily {
  processorType: string;
  style: ResizeStyle;
  /** Extra processor keys (padding, size divisors); replaces `size` handling when `noResize`. */
  extra?: Record<string, unknown>;
  noResize?: boolean;
  inputChannels?: number;
  heads: Readonly<Record<string, DenseHead>>;
}

const depth = (processorType = 'DPTImageProcessor', head: DenseHead = 'depth'): DenseFamily => ({
  processorType,
  style: 'height-width',
  heads: { 'depth-estimation': head, 'image-feature-extraction': 'features' },
});
const detector = (processorType: string): DenseFamily => ({
  processorType,
  style: 'height-width',
  heads: { 'object-detection': 'detect', 'image-feature-extraction': 'features' },
});
const matting = (): DenseFamily => ({ processorType: 'ImageProcessor', style: 'height-width', heads: { 'image-segmentation': 'mask' } });
const semantic = (processorType: string, style: ResizeStyle): DenseFamily => ({ processorType, style, heads: { 'image-segmentation': 'semantic' } });

/** Dense vision families by `model_type`. */
export const DENSE_FAMILIES: Readonly<Record<string, DenseFamily>> = Object.freeze({
  dpt: depth(),
  depth_anything: depth(),
  depth_pro: depth('DPTImageProcessor', 'depth-fov'),
  metric3d: depth(),
  metric3dv2: depth(),
  chmv2: depth('CHMv2ImageProcessor'),
  glpn: { processorType: 'GLPNFeatureExtractor', style: 'height-width', noResize: true, extra: { do_resize: true, size_divisor: 32 }, heads: { 'depth-estimation': 'depth', 'image-feature-extraction': 'features' } },
  sapiens: { processorType: 'SapiensImageProcessor', style: 'height-width', heads: { 'image-segmentation': 'semantic', 'depth-estimation': 'depth', 'normal-estimation': 'normal' } },
  detr: { ...detector('DetrImageProcessor'), heads: { 'object-detection': 'detect', 'image-segmentation': 'detect-masks', 'image-feature-extraction': 'features' } },
  'table-transformer': detector('DetrImageProcessor'),
  yolos: detector('YolosImageProcessor'),
  rt_detr: detector('RTDetrImageProcessor'),
  rt_detr_v2: detector('RTDetrImageProcessor'),
  d_fine: detector('RTDetrImageProcessor'),
  rf_detr: detector('RTDetrImageProcessor'),
  modnet: matting(),
  birefnet: matting(),
  isnet: matting(),
  ben: matting(),
  maskformer: { processorType: 'MaskFormerImageProcessor', style: 'height-width', heads: { 'image-segmentation': 'maskformer', 'image-feature-extraction': 'features' } },
  swin2sr: {
    processorType: 'Swin2SRImageProcessor',
    style: 'height-width',
    noResize: true,
    extra: { do_resize: false, do_normalize: false, do_pad: true, pad_size: 8 },
    heads: { 'image-to-image': 'super-resolution', 'image-feature-extraction': 'features' },
  },
  vitpose: { processorType: 'VitPoseImageProcessor', style: 'height-width', heads: { 'keypoint-detection': 'heatmaps' } },
  vitmatte: {
    processorType: 'VitMatteImageProcessor',
    style: 'height-width',
    noResize: true,
    extra: { do_resize: false, do_pad: true, size_divisibility: 32 },
    inputChannels: 4,
    heads: { 'image-matting': 'alphas' },
  },
  segformer: semantic('SegformerImageProcessor', 'height-width'),
  swin: semantic('ViTImageProcessor', 'height-width'),
  mobilenet_v1: semantic('MobileNetV1ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v2: semantic('MobileNetV2ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v3: semantic('MobileNetV3ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v4: semantic('MobileNetV4ImageProcessor', 'shortest-edge-crop'),
});
