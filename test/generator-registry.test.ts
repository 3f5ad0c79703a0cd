import { beforeAll, describe, expect, it } from 'vitest';
import { ARCH_KINDS } from '../matrix/harness/types.js';
import { autoMappingsOf, loadAutoMappings, type AutoMappings } from '../generator/auto-mappings.js';
import { BASE_CLASS_TASKS, FAMILY_OVERLAY } from '../generator/family-overlay.js';
import { deriveRegistry, registryFromMappings } from '../generator/registry.js';
import { identifierProblem } from '../generator/safe-identifier.js';
import { taskForAutoClass } from '../generator/task-table.js';
import type { FamilyEntry } from '../generator/types.js';

let mappings: AutoMappings;
let registry: FamilyEntry[];
const byName = (name: string): FamilyEntry => {
  const entry = registry.find((e) => e.family === name);
  if (!entry) throw new Error(`no family ${name}`);
  return entry;
};

beforeAll(async () => {
  mappings = await loadAutoMappings();
  registry = await deriveRegistry();
});

/** The same mappings with extra maps added to (or created for) one Auto class. */
function grown(base: AutoMappings, autoClass: string, extra: [string, string][]): AutoMappings {
  return { ...base, [autoClass]: [...(base[autoClass] ?? []), new Map(extra)] };
}

describe('registry derived from the installed transformers.js', () => {
  it('has exactly one entry per model type in any Auto* mapping', () => {
    const types = new Set<string>();
    for (const maps of Object.values(mappings)) for (const map of maps) for (const type of map.keys()) types.add(type);
    expect(types.size).toBeGreaterThanOrEqual(200); // 214 in 4.3.1
    expect(registry.map((e) => e.family)).toEqual([...types].sort());
  });

  it('gives every family a kind, a reason, tasks with checked class names, and a default among its tasks', () => {
    for (const e of registry) {
      expect(ARCH_KINDS).toContain(e.archKind);
      expect(e.kindReason.length).toBeGreaterThan(10);
      expect(e.tasks.length).toBeGreaterThan(0);
      expect(e.tasks.map((t) => t.task)).toContain(e.defaultTask);
      for (const t of e.tasks) expect(identifierProblem(t.modelClass), `${e.family} ${t.modelClass}`).toBeNull();
      const keys = e.tasks.map((t) => `${t.task}/${t.modelClass}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('classifies the well-known families as a person would', () => {
    const expected: Record<string, [string, string]> = {
      bert: ['encoder-only', 'fill-mask'],
      gpt2: ['decoder-only', 'text-generation'],
      llama: ['decoder-only', 'text-generation'],
      t5: ['encoder-decoder', 'text2text-generation'],
      bart: ['encoder-decoder', 'text2text-generation'],
      mbart: ['encoder-decoder', 'text2text-generation'],
      vit: ['vision', 'image-classification'],
      detr: ['vision', 'object-detection'],
      whisper: ['audio', 'automatic-speech-recognition'],
      wav2vec2: ['audio', 'automatic-speech-recognition'],
      clip: ['multimodal', 'zero-shot-image-classification'],
      clap: ['multimodal', 'zero-shot-audio-classification'],
      gemma3: ['multimodal', 'image-text-to-text'],
      'vision-encoder-decoder': ['multimodal', 'image-to-text'],
    };
    for (const [family, [kind, task]] of Object.entries(expected)) {
      expect([family, byName(family).archKind, byName(family).defaultTask]).toEqual([family, kind, task]);
    }
    expect(byName('bert').tasks.find((t) => t.task === 'fill-mask')).toMatchObject({
      autoClass: 'AutoModelForMaskedLM',
      modelClass: 'BertForMaskedLM',
      sample: { texts: expect.arrayContaining([expect.stringContaining('[MASK]')]) },
    });
    expect(byName('bert').hubModelId).toBe('Xenova/bert-base-uncased');
    expect(byName('vit').tasks.map((t) => t.task)).toContain('image-feature-extraction');
    expect(byName('gpt2').tasks.find((t) => t.task === 'text-generation')?.sample.maxNewTokens).toBeGreaterThan(0);
  });

  it('puts what fits no kind in other, each with a reason', () => {
    const others = registry.filter((e) => e.archKind === 'other');
    expect(others.map((e) => e.family)).toEqual(expect.arrayContaining(['patchtst', 'decision_transformer']));
    for (const e of others) expect(e.kindReason).toMatch(/none of text, vision, audio or multimodal|only a bare AutoModel class/);
  });

  it('keeps the overlay honest: every key names a family or class the library has, and default tasks exist', () => {
    const families = new Set(registry.map((e) => e.family));
    expect(Object.keys(FAMILY_OVERLAY).filter((f) => !families.has(f))).toEqual([]);
    const classes = new Set(registry.flatMap((e) => e.tasks.map((t) => t.modelClass)));
    expect(Object.keys(BASE_CLASS_TASKS).filter((c) => !classes.has(c))).toEqual([]);
    for (const [family, overlay] of Object.entries(FAMILY_OVERLAY)) {
      if (overlay.defaultTask) expect(byName(family).defaultTask, family).toBe(overlay.defaultTask);
      if (overlay.hubModelId) expect(overlay.hubModelId).toMatch(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/);
    }
  });
});

describe('registry when the library grows', () => {
  it('surfaces a new causal LM as a decoder-only family with no code change', () => {
    const before = registryFromMappings(mappings);
    const after = registryFromMappings(grown(mappings, 'AutoModelForCausalLM', [['newlm', 'NewLmForCausalLM']]));
    expect(before.find((e) => e.family === 'newlm')).toBeUndefined();
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((e) => e.family === 'newlm')).toMatchObject({
      archKind: 'decoder-only',
      defaultTask: 'text-generation',
      tasks: [{ task: 'text-generation', autoClass: 'AutoModelForCausalLM', modelClass: 'NewLmForCausalLM' }],
    });
  });

  it('puts a type from a new Auto class in other, naming the task it could not place', () => {
    const after = registryFromMappings(
      grown(mappings, 'AutoModelForVideoClassification', [['videomae', 'VideoMAEForVideoClassification']]),
    );
    const entry = after.find((e) => e.family === 'videomae');
    expect(entry?.archKind).toBe('other');
    expect(entry?.defaultTask).toBe('video-classification');
    expect(entry?.kindReason).toContain('video-classification via AutoModelForVideoClassification');
  });

  it('puts a type that only has a bare AutoModel class in other, naming the class', () => {
    const after = registryFromMappings(grown(mappings, 'AutoModel', [['mystery', 'MysteryModel']]));
    const entry = after.find((e) => e.family === 'mystery');
    expect(entry).toMatchObject({ archKind: 'other', defaultTask: 'feature-extraction' });
    expect(entry?.kindReason).toContain('only a bare AutoModel class (MysteryModel)');
  });

  it('lets a stronger mapping win: a causal LM that gains an image-text-to-text class becomes multimodal', () => {
    const after = registryFromMappings(
      grown(grown(mappings, 'AutoModelForCausalLM', [['vlm', 'VlmForCausalLM']]), 'AutoModelForImageTextToText', [
        ['vlm', 'VlmForConditionalGeneration'],
      ]),
    );
    const entry = after.find((e) => e.family === 'vlm');
    expect(entry?.archKind).toBe('multimodal');
    expect(entry?.defaultTask).toBe('image-text-to-text');
    expect(entry?.tasks.map((t) => t.task)).toEqual(['image-text-to-text', 'text-generation']);
  });

  it('derives the same registry from the mappings as from the library default', () => {
    expect(registryFromMappings(mappings)).toEqual(registry);
  });
});

describe('reading Auto* mappings', () => {
  it('reads Auto exports only, accepts older [name, class] values, and skips malformed maps', () => {
    class Fake {}
    const read = autoMappingsOf({
      AutoModelForMaskedLM: { MODEL_CLASS_MAPPINGS: [new Map([['bert', 'BertForMaskedLM']])] },
      AutoModelForCausalLM: { MODEL_CLASS_MAPPINGS: [new Map<string, unknown>([['gpt2', ['GPT2LMHeadModel', Fake]], ['bad', 42]])] },
      AutoTokenizer: { from_pretrained() {} },
      AutoModelForBroken: { MODEL_CLASS_MAPPINGS: ['not a map'] },
      BertModel: { MODEL_CLASS_MAPPINGS: [new Map([['x', 'Y']])] },
      AutoNull: null,
    });
    expect(Object.keys(read).sort()).toEqual(['AutoModelForBroken', 'AutoModelForCausalLM', 'AutoModelForMaskedLM']);
    expect([...read.AutoModelForCausalLM![0]!]).toEqual([['gpt2', 'GPT2LMHeadModel']]);
    expect(read.AutoModelForBroken![0]!.size).toBe(0);
    expect(registryFromMappings(read).map((e) => `${e.family}:${e.archKind}`)).toEqual(['bert:encoder-only', 'gpt2:decoder-only']);
  });

  it('names the task of an unknown Auto class after it', () => {
    expect(taskForAutoClass('AutoModelForMaskedLM')).toBe('fill-mask');
    expect(taskForAutoClass('AutoModelForVideoClassification')).toBe('video-classification');
    expect(taskForAutoClass('AutoModelForTTSGeneration')).toBe('tts-generation');
  });
});
