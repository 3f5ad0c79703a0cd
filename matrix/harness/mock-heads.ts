/**
 * What each task head of the mock returns: the output names and shapes a real transformers.js model of
 * that Auto class returns, filled with deterministic values. Every value depends only on its own batch
 * row and on real (unpadded) tokens, so batch == single and padding invariance hold as they should for
 * a correct model; causal heads depend only on earlier tokens, so KV cache == recompute.
 */
import { Tensor } from '@huggingface/transformers';
import type { ModelInputs, ModelOutputs } from './model-api.js';
import type { ArchKind } from './types.js';

/** Sizes of the mock model. */
export const MOCK_SIZES = { hidden: 16, labels: 2, queries: 4, imageSide: 32, melBins: 8, melFrames: 30, samplesPerFrame: 320 } as const;

type Head = (inputs: ModelInputs, vocab: number) => ModelOutputs;

/** Heads by Auto class; `AutoModel` depends on the kind (text, image, audio or image-text features). */
export const MOCK_HEADS: Readonly<Record<string, Head>> = Object.freeze({
  AutoModelForMaskedLM: (i, v) => ({ logits: perToken(i, v, false) }),
  AutoModelForCausalLM: (i, v) => ({ logits: perToken(i, v, true) }),
  AutoModelForTokenClassification: (i) => ({ logits: perToken(i, MOCK_SIZES.labels, false) }),
  AutoModelForSequenceClassification: (i) => ({ logits: perRow(i, MOCK_SIZES.labels) }),
  AutoModelForQuestionAnswering: (i) => {
    const both = perToken(i, 2, false);
    return { start_logits: pick(both, 0), end_logits: pick(both, 1) };
  },
  AutoModelForImageTextToText: (i, v) => ({ logits: perToken(i, v, true, rowSeeds(mediaOf(i))) }),
  AutoModelForAudioTextToText: (i, v) => ({ logits: perToken(i, v, true, rowSeeds(mediaOf(i))) }),
  AutoModelForSeq2SeqLM: seq2seq,
  AutoModelForSpeechSeq2Seq: seq2seq,
  AutoModelForVision2Seq: seq2seq,
  AutoModelForDocumentQuestionAnswering: seq2seq,
  AutoModelForImageClassification: (i) => ({ logits: perRow(i, MOCK_SIZES.labels) }),
  AutoModelForAudioClassification: (i) => ({ logits: perRow(i, MOCK_SIZES.labels) }),
  AutoModelForImageFeatureExtraction: imageFeatures,
  AutoModelForCTC: (i, v) => {
    const values = i.input_values!;
    const frames = Math.max(1, Math.floor(values.dims[1]! / MOCK_SIZES.samplesPerFrame));
    return { logits: grid([values.dims[0]!, frames, v], rowSeeds(i)) };
  },
  AutoModelForObjectDetection: (i) => ({
    logits: grid([batchOf(i), MOCK_SIZES.queries, MOCK_SIZES.labels + 1], rowSeeds(i)),
    pred_boxes: grid([batchOf(i), MOCK_SIZES.queries, 4], rowSeeds(i), true),
  }),
  AutoModelForDepthEstimation: (i) => ({ predicted_depth: grid([batchOf(i), MOCK_SIZES.imageSide, MOCK_SIZES.imageSide], rowSeeds(i), true) }),
  AutoModelForMaskGeneration: (i) => {
    const points = i.input_points!;
    const seeds = rowSeeds({ pixel_values: i.pixel_values! }).map((seed, r) => (seed * 31 + rowSeeds({ input_points: points })[r]!) % 1_000_003);
    const [b, pointBatch] = [batchOf(i), points.dims[1]!];
    return { pred_masks: grid([b, pointBatch, 3, 16, 16], seeds), iou_scores: grid([b, pointBatch, 3], seeds, true) };
  },
  AutoModelForZeroShotObjectDetection: (i) => {
    // OWL-ViT layout: every query box scored against every text row; row seeds from the image.
    const image = rowSeeds({ pixel_values: i.pixel_values! });
    const texts = i.input_ids!.dims[0]!;
    return {
      logits: grid([batchOf({ pixel_values: i.pixel_values! }), MOCK_SIZES.queries, texts], image),
      pred_boxes: grid([batchOf({ pixel_values: i.pixel_values! }), MOCK_SIZES.queries, 4], image, true),
    };
  },
  AutoModelForImageSegmentation: (i) => (i.input_ids ? textConditionedMasks(i) : mockBaseModel('vision', i)),
  // VITS layout: a waveform [batch, samples], 16 samples per input token (longer text, longer audio).
  AutoModelForTextToWaveform: (i) => ({ waveform: grid([batchOf(i), i.input_ids!.dims[1]! * 16], rowSeeds(i), true) }),
  // VitMatte layout: one alpha matte [batch, 1, height, width] in 0..1 over the (padded) input.
  AutoModelForImageMatting: (i) => ({ alphas: grid([batchOf(i), 1, i.pixel_values!.dims[2]!, i.pixel_values!.dims[3]!], rowSeeds(i), true) }),
  AutoModelForSemanticSegmentation: (i) => ({ logits: grid([batchOf(i), MOCK_SIZES.labels, 8, 8], rowSeeds(i)) }),
});

/** `AutoModel` outputs by architecture kind. */
export function mockBaseModel(kind: ArchKind, inputs: ModelInputs): ModelOutputs {
  if (inputs.decoder_input_ids) {
    // An encoder-decoder base model: the decoder's states, one per decoder token, depending on the encoder input.
    const { decoder_input_ids: decoder, decoder_attention_mask: _m, ...encoderInputs } = inputs;
    return { last_hidden_state: perToken({ input_ids: decoder }, MOCK_SIZES.hidden, true, rowSeeds(encoderInputs)) };
  }
  if (inputs.input_ids && inputs.pixel_values) return imageText(inputs);
  if (inputs.pixel_values) return imageFeatures(inputs);
  if (inputs.input_values) {
    const frames = Math.max(1, Math.floor(inputs.input_values.dims[1]! / MOCK_SIZES.samplesPerFrame));
    return { last_hidden_state: grid([batchOf(inputs), frames, MOCK_SIZES.hidden], rowSeeds(inputs)) };
  }
  if (inputs.input_ids) return { last_hidden_state: perToken(inputs, MOCK_SIZES.hidden, kind === 'decoder-only') };
  return { last_hidden_state: grid([batchOf(inputs), 1, MOCK_SIZES.hidden], rowSeeds(inputs)) };
}

function imageFeatures(i: ModelInputs): ModelOutputs {
  return {
    last_hidden_state: grid([batchOf(i), 5, MOCK_SIZES.hidden], rowSeeds(i)),
    pooler_output: grid([batchOf(i), MOCK_SIZES.hidden], rowSeeds(i)),
  };
}

function imageText(i: ModelInputs): ModelOutputs {
  const { input_ids: _ids, attention_mask: _mask, token_type_ids: _types, ...image } = i;
  const text = unitRows(perRowEmbed(i));
  const pictures = unitRows(grid([batchOf(image), MOCK_SIZES.hidden], rowSeeds(image)));
  const [bt, bi, h] = [text.dims[0]!, pictures.dims[0]!, MOCK_SIZES.hidden];
  const sim = new Float32Array(bi * bt);
  for (let a = 0; a < bi; a++) {
    for (let b = 0; b < bt; b++) {
      let dot = 0;
      for (let k = 0; k < h; k++) dot += (pictures.data as Float32Array)[a * h + k]! * (text.data as Float32Array)[b * h + k]!;
      sim[a * bt + b] = MOCK_LOGIT_SCALE * dot;
    }
  }
  const perImage = new Tensor('float32', sim, [bi, bt]);
  return { logits_per_image: perImage, logits_per_text: perImage.transpose(1, 0), text_embeds: text, image_embeds: pictures };
}

/** Similarity = scale · cosine of the unit embeddings, as CLIP's logit_scale does. */
const MOCK_LOGIT_SCALE = 10;

/** `t` `[b, d]` with every row scaled to unit length. */
function unitRows(t: Tensor): Tensor {
  const [b, d] = [t.dims[0]!, t.dims[1]!];
  const data = Float32Array.from(t.data as Float32Array);
  for (let r = 0; r < b; r++) {
    let sum = 0;
    for (let k = 0; k < d; k++) sum += data[r * d + k]! ** 2;
    const norm = Math.sqrt(sum) || 1;
    for (let k = 0; k < d; k++) data[r * d + k] = data[r * d + k]! / norm;
  }
  return new Tensor('float32', data, [b, d]);
}

/** Text-prompted masks (CLIPSeg): logits `[b, side, side]`, row r from prompt r and image r. */
function textConditionedMasks(i: ModelInputs): ModelOutputs {
  const text = rowSeeds({ input_ids: i.input_ids!, ...(i.attention_mask ? { attention_mask: i.attention_mask } : {}) });
  const seeds = rowSeeds(mediaOf(i)).map((s, r) => (s * 31 + (text[r] ?? 0)) % 1_000_003);
  return { logits: grid([batchOf(i), MOCK_SIZES.imageSide, MOCK_SIZES.imageSide], seeds) };
}

/** Decoder logits `[b, t, vocab]` from the encoder input's row summary and the causal decoder prefix. */
function seq2seq(i: ModelInputs, vocab: number): ModelOutputs {
  const decoder = i.decoder_input_ids;
  if (!decoder) throw new Error('mock encoder-decoder forward needs decoder_input_ids (use m.generate, or pass decoder_input_ids)');
  const { decoder_input_ids: _d, decoder_attention_mask: _m, ...encoderInputs } = i;
  const seeds = rowSeeds(encoderInputs);
  return { logits: perToken({ input_ids: decoder }, vocab, true, seeds) };
}

/** Per-token values `[b, s, width]`: each real token's value depends on its id and its rank among real tokens (and, if causal, the earlier ones). */
function perToken(i: ModelInputs, width: number, causal: boolean, rowSalt: number[] = []): Tensor {
  const ids = i.input_ids!;
  const [b, s] = [ids.dims[0]!, ids.dims[1]!];
  const mask = i.attention_mask;
  const out = new Float32Array(b * s * width);
  for (let r = 0; r < b; r++) {
    let state = rowSalt[r] ?? 0;
    let rank = 0;
    for (let t = 0; t < s; t++) {
      if (mask && Number(mask.data[r * s + t]) === 0) continue;
      const token = Number(ids.data[r * s + t]);
      const seed = causal ? (state = (state * 31 + token + 7) % 1_000_003) : token * 131 + rank;
      for (let v = 0; v < width; v++) out[(r * s + t) * width + v] = Math.sin(seed * 0.61 + v * 1.37 + rank * (causal ? 0 : 0.05));
      rank++;
    }
  }
  return new Tensor('float32', out, [b, s, width]);
}

/** Per-row values `[b, width]` from the row's real tokens or media. */
function perRow(i: ModelInputs, width: number): Tensor {
  return grid([batchOf(i), width], rowSeeds(i));
}

function perRowEmbed(i: ModelInputs): Tensor {
  return grid([i.input_ids!.dims[0]!, MOCK_SIZES.hidden], rowSeeds({ input_ids: i.input_ids!, ...(i.attention_mask ? { attention_mask: i.attention_mask } : {}) }));
}

/** One seed per batch row, from real tokens (ignoring padding) or from the first float input's values. */
function rowSeeds(i: ModelInputs): number[] {
  const ids = i.input_ids;
  if (ids) {
    const [b, s] = [ids.dims[0]!, ids.dims[1]!];
    return Array.from({ length: b }, (_, r) => {
      let h = 17;
      for (let t = 0; t < s; t++) if (!i.attention_mask || Number(i.attention_mask.data[r * s + t]) !== 0) h = (h * 31 + Number(ids.data[r * s + t])) % 1_000_003;
      return h;
    });
  }
  const media = Object.values(i).find((t) => t.type === 'float32');
  if (!media) return [1];
  const b = media.dims[0]!;
  const per = media.data.length / b;
  return Array.from({ length: b }, (_, r) => {
    let sum = 0;
    for (let k = 0; k < per; k += Math.max(1, Math.floor(per / 64))) sum += Number(media.data[r * per + k]) * (k + 1);
    return Math.round(Math.abs(sum) * 1000) % 1_000_003;
  });
}

/** The non-text inputs (pixel_values, input_features, ...). */
function mediaOf(i: ModelInputs): ModelInputs {
  const { input_ids: _i, attention_mask: _a, token_type_ids: _t, ...media } = i;
  return media;
}

function batchOf(i: ModelInputs): number {
  return Object.values(i)[0]?.dims[0] ?? 1;
}

/** Deterministic values of `dims`, row r seeded by `seeds[r]`; `unit` keeps them in [0, 1]. */
function grid(dims: number[], seeds: number[], unit = false): Tensor {
  const per = dims.slice(1).reduce((a, d) => a * d, 1);
  const out = new Float32Array(dims[0]! * per);
  for (let r = 0; r < dims[0]!; r++) {
    for (let k = 0; k < per; k++) {
      const x = Math.sin((seeds[r] ?? 0) * 0.37 + k * 1.13);
      out[r * per + k] = unit ? (x + 1) / 2 : x;
    }
  }
  return new Tensor('float32', out, dims);
}

function pick(t: Tensor, channel: number): Tensor {
  const [b, s, w] = [t.dims[0]!, t.dims[1]!, t.dims[2]!];
  const out = new Float32Array(b * s);
  for (let k = 0; k < b * s; k++) out[k] = (t.data as Float32Array)[k * w + channel]!;
  return new Tensor('float32', out, [b, s]);
}
