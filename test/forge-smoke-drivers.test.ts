/**
 * The smoke drivers of forged models that no pipeline drives: `smokeRun` with the contract name
 * runs each one for real on its forged folder, and a driver on a broken folder fails with the
 * forge's coded smoke error (stage load), not a crash.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTRACTS } from '../matrix/forge/contracts/index.js';
import { SMOKE_DRIVERS } from '../matrix/forge/smoke/smoke-drivers.js';
import { smokeRun } from '../matrix/forge/smoke/smoke-run.js';
import { familyTask, forgeToTemp, tinyContext } from './forge-media-helpers.js';

const FAMILY_OF: Readonly<Record<string, string>> = {
  'idefics3-image-text': 'smolvlm',
  musicgen: 'musicgen',
  speecht5: 'speecht5',
  'janus-any-to-any': 'multi_modality',
  supertonic: 'supertonic',
  'style-text-to-speech-2': 'style_text_to_speech_2',
  'voxtral-realtime': 'voxtral_realtime',
  'grounding-dino': 'grounding-dino',
  'text-conditioned-segmentation': 'clipseg',
  'vision-dense': 'vitmatte',
  'dual-encoder': 'jina_clip',
  'text-seq2seq': 't5',
  'speech-seq2seq': 'whisper',
};

describe('forge smoke drivers', () => {
  it('every driver runs its forged model in transformers.js', async () => {
    for (const key of Object.keys(SMOKE_DRIVERS)) {
      const [contractName, taskName] = key.split('/') as [string, string];
      const contract = CONTRACTS.find((c) => c.name === contractName);
      expect(contract, key).toBeDefined();
      const { entry, task } = await familyTask(FAMILY_OF[contractName]!, taskName);
      const dir = forgeToTemp(contract!, tinyContext(entry, task), ['fp32']);
      await expect(smokeRun(entry.family, task, dir, contractName), key).resolves.toBeUndefined();
    }
  });

  it('a driver on a folder whose model file is gone fails with FORGE_SMOKE_FAILED', async () => {
    const { entry, task } = await familyTask('musicgen', 'text-to-audio');
    const contract = CONTRACTS.find((c) => c.name === 'musicgen')!;
    const dir = forgeToTemp(contract, tinyContext(entry, task), ['fp32']);
    rmSync(join(dir, 'onnx', 'encodec_decode.onnx'));
    await expect(smokeRun(entry.family, task, dir, 'musicgen')).rejects.toMatchObject({ code: 'FORGE_SMOKE_FAILED' });
  });
});
