import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsafeIdentifierError, UnsafeLiteralError, TemplateRenderError } from '../generator/errors.js';
import { jsLiteral, LiteralValueError } from '../generator/js-literal.js';
import { loadTemplates, type TemplateRenderer } from '../generator/render-templates.js';
import { identifierProblem } from '../generator/safe-identifier.js';
import type { FamilyEntry } from '../generator/types.js';

const FIXTURES = path.join(import.meta.dirname, 'fixtures/generator/templates');

const HOSTILE = [
  'it"s',
  "it's",
  'back`tick`',
  '${process.exit(1)}',
  '`${globalThis.x = 1}`',
  'line\nbreak',
  'carriage\rreturn',
  'end */ comment /*',
  '</script><script>alert(1)</script>',
  '<!-- html comment -->',
  'sep\u2028line\u2029para',
  'emoji 🦊 and ünïcödé and 中文 and \u0000 nul',
  '\\"; process.exit(1); //',
  "'); process.exit(1); ('",
  '\ud800 lone surrogate',
];

/** Every node kind in the program, in order: the program's shape. */
function shape(code: string): string[] {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const kinds: string[] = [];
  const visit = (node: ts.Node): void => {
    kinds.push(ts.SyntaxKind[node.kind]!);
    node.forEachChild(visit);
  };
  visit(source);
  return kinds;
}

function stringsIn(code: string): string[] {
  const source = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node)) found.push(node.text);
    node.forEachChild(visit);
  };
  visit(source);
  return found;
}

describe('lit: hostile strings stay one string literal', () => {
  it.each(HOSTILE)('%j round-trips and changes no program shape, in code and in comments', (text) => {
    const literal = jsLiteral(text);
    expect(literal).not.toContain('`');
    expect(literal).not.toMatch(/[\n\r\u2028\u2029]/);
    const benign = `const a = ${jsLiteral('x')};\n// ${jsLiteral('x')}\n/* ${jsLiteral('x')} */\nconst b = [${jsLiteral('x')}];\n`;
    const hostile = `const a = ${literal};\n// ${literal}\n/* ${literal} */\nconst b = [${literal}];\n`;
    expect(shape(hostile)).toEqual(shape(benign));
    expect(stringsIn(hostile)).toEqual([text, text]);
    expect(new Function(`return ${literal};`)()).toBe(text);
  });

  it('emits objects and arrays as literals of the same value', () => {
    const value = { texts: HOSTILE, 'odd key"`': [1, -2.5, true, null], imageSize: [224, 224], nested: { a: [] } };
    const literal = jsLiteral(value);
    expect(literal).not.toContain('`');
    expect(new Function(`return ${literal};`)()).toEqual(value);
    expect(jsLiteral({ texts: ['a'], textPairs: undefined })).toBe('{ texts: ["a"] }');
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a bigint', 10n],
    ['a symbol', Symbol('s')],
    ['a Date', new Date(0)],
    ['a Map', new Map()],
    ['an array with a hole of undefined', [1, undefined]],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
  ])('refuses %s', (_name, value) => {
    expect(() => jsLiteral(value)).toThrow(LiteralValueError);
  });

  it('refuses a cycle but accepts a shared, acyclic value', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsLiteral(cyclic)).toThrow(/refers back to itself/);
    const shared = ['s'];
    expect(jsLiteral({ a: shared, b: shared })).toBe('{ a: ["s"], b: ["s"] }');
  });
});

describe('ident: only safe PascalCase names', () => {
  it.each(['BertForMaskedLM', 'GPT2LMHeadModel', 'Qwen2_5_VLForCausalLM', 'PreTrainedModel'])('accepts %s', (name) => {
    expect(identifierProblem(name)).toBeNull();
  });
  it.each([
    ['bertModel'],
    ['Bert Model'],
    ['Bert-Model'],
    ['Bert;process.exit(1)'],
    ['Bert\nModel'],
    ['Bért'],
    ['Infinity'],
    ['NaN'],
    [''],
    ['$Bert'],
    ['_Bert'],
  ])('rejects %j', (name) => {
    expect(identifierProblem(name)).not.toBeNull();
  });
  it('rejects non-strings', () => {
    expect(identifierProblem(undefined)).toMatch(/undefined/);
    expect(identifierProblem(['A'])).toMatch(/array/);
    expect(identifierProblem(42)).toMatch(/number/);
  });
});

describe('rendering a family with hostile values', () => {
  let renderer: TemplateRenderer;
  beforeAll(async () => {
    renderer = await loadTemplates(FIXTURES);
  });

  const entry = (text: string, modelClass = 'BertForMaskedLM', family = 'bert'): FamilyEntry => ({
    family,
    archKind: 'encoder-only',
    kindReason: text,
    hubModelId: text,
    defaultTask: text,
    tasks: [
      {
        task: text,
        autoClass: text,
        modelClass,
        sample: { texts: [text, text], textPairs: [text], candidateLabels: [text] },
      },
    ],
  });

  it('leaves the program shape of the generated file unchanged', () => {
    const benign = shape(renderer.render(entry('plain')).text);
    for (const text of HOSTILE) {
      const rendered = renderer.render(entry(text)).text;
      expect(shape(rendered), JSON.stringify(text)).toEqual(benign);
      expect(stringsIn(rendered)).toContain(text);
    }
  });

  it('refuses a hostile class name through ident, naming the value and the template', () => {
    let error: unknown;
    try {
      renderer.render(entry('plain', 'Bert(){};process.exit(1);function X'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnsafeIdentifierError);
    expect((error as UnsafeIdentifierError).code).toBe('GEN_UNSAFE_IDENT');
    expect(String(error)).toContain('process.exit(1)');
    expect(String(error)).toContain('encoder-only.hbs → partials/task-block.hbs:');
  });

  it('refuses a family name that is not a plain file name', () => {
    for (const family of ['../evil', 'a/b', '.hidden', 'x\ny', '']) {
      expect(() => renderer.render(entry('plain', 'BertModel', family)), JSON.stringify(family)).toThrow(TemplateRenderError);
    }
  });

  it('refuses to emit undefined through lit', () => {
    const broken = { ...entry('plain'), defaultTask: undefined as unknown as string };
    expect(() => renderer.render(broken)).toThrow(UnsafeLiteralError);
  });
});
