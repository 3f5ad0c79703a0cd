// The Hub's pipeline_tag orders detected tasks; read through the { hubUrl, fetch } seam from a loopback server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubPipelineTag, preferPipelineTag, type DetectedModel } from '../matrix/suite/index.js';

let server: Server;
let hubUrl = '';
const asked: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url ?? '');
    if (req.url === '/api/models/org/sentiment-bert') res.end(JSON.stringify({ id: 'org/sentiment-bert', pipeline_tag: 'text-classification' }));
    else if (req.url === '/api/models/org/untagged') res.end(JSON.stringify({ id: 'org/untagged' }));
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe('Hub pipeline_tag', () => {
  it('reads the tag, and nothing for a model without one or one the Hub does not know', async () => {
    expect(await hubPipelineTag('org/sentiment-bert', { hubUrl, fetch })).toBe('text-classification');
    expect(await hubPipelineTag('org/untagged', { hubUrl, fetch })).toBeUndefined();
    expect(await hubPipelineTag('org/missing', { hubUrl, fetch })).toBeUndefined();
    expect(asked).toContain('/api/models/org/sentiment-bert');
  });

  it('puts the tagged task first, and ignores a tag the architecture does not have', () => {
    const detected: DetectedModel = {
      family: 'bert',
      archKind: 'encoder-only',
      architectures: ['BertForMaskedLM', 'BertForSequenceClassification'],
      how: 'from config.json',
      tasks: [
        { task: 'fill-mask', autoClass: 'AutoModelForMaskedLM', modelClass: 'BertForMaskedLM' },
        { task: 'text-classification', autoClass: 'AutoModelForSequenceClassification', modelClass: 'BertForSequenceClassification' },
      ],
    };
    expect(preferPipelineTag(detected, 'text-classification').tasks.map((t) => t.task)).toEqual(['text-classification', 'fill-mask']);
    expect(preferPipelineTag(detected, 'text-classification').how).toMatch(/Hub pipeline_tag text-classification/);
    expect(preferPipelineTag(detected, 'image-classification')).toBe(detected);
  });
});
