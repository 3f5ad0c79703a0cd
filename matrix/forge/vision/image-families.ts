/**
 * Frozen table of the image backbones the forge builds per family: which backbone kind
 * (patch transformer or CNN), whether it has a class token, and which processor class and
 * resize style its `preprocessor_config.json` names (the class its Hub checkpoints use).
 */
import type { ResizeStyle } from '../config/image-preprocessor-config.js';

export interface ImageFamily {
  kind: 'vit' | 'cnn';
  /** ViT: class token in front; otherwise the pool is a mean over patches. */
  classToken: boolean;
  registerTokens?: number;
  processorType: string;
  style: ResizeStyle;
}

const vit = (processorType: string, style: ResizeStyle = 'height-width', registerTokens = 0): ImageFamily => ({
  kind: 'vit',
  classToken: true,
  registerTokens,
  processorType,
  style,
});
const meanVit = (processorType: string, style: ResizeStyle = 'height-width'): ImageFamily => ({
  kind: 'vit',
  classToken: false,
  processorType,
  style,
});
const cnn = (processorType: string, style: ResizeStyle): ImageFamily => ({ kind: 'cnn', classToken: false, processorType, style });

/** Image backbones by `model_type`. */
export const IMAGE_FAMILIES: Readonly<Record<string, ImageFamily>> = Object.freeze({
  vit: vit('ViTImageProcessor'),
  deit: vit('DeiTImageProcessor'),
  beit: vit('BeitFeatureExtractor'),
  dinov2: vit('BitImageProcessor', 'shortest-edge-crop'),
  dinov2_with_registers: vit('BitImageProcessor', 'shortest-edge-crop', 4),
  dinov3_vit: vit('DINOv3ViTImageProcessor', 'height-width', 4),
  ijepa: meanVit('ViTImageProcessor'),
  vit_msn: vit('ViTImageProcessor'),
  vit_mae: vit('ViTImageProcessor'),
  swin: meanVit('ViTImageProcessor'),
  'donut-swin': meanVit('DonutImageProcessor'),
  pvt: meanVit('PvtImageProcessor'),
  hiera: meanVit('BitImageProcessor', 'shortest-edge-crop'),
  segformer: meanVit('SegformerImageProcessor'),
  resnet: cnn('ConvNextImageProcessor', 'convnext'),
  convnext: cnn('ConvNextImageProcessor', 'convnext'),
  convnextv2: cnn('ConvNextImageProcessor', 'convnext'),
  dinov3_convnext: cnn('DINOv3ViTImageProcessor', 'height-width'),
  efficientnet: cnn('EfficientNetImageProcessor', 'height-width'),
  mobilenet_v1: cnn('MobileNetV1ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v2: cnn('MobileNetV2ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v3: cnn('MobileNetV3ImageProcessor', 'shortest-edge-crop'),
  mobilenet_v4: cnn('MobileNetV4ImageProcessor', 'shortest-edge-crop'),
  mobilevit: cnn('MobileViTImageProcessor', 'mobilevit'),
  mobilevitv2: cnn('MobileViTImageProcessor', 'mobilevit'),
  fastvit: cnn('CLIPImageProcessor', 'shortest-edge-crop'),
});
