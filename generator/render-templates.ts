/**
 * Loads `templates/<kind>.hbs` and `templates/partials/*.hbs` into one isolated Handlebars
 * environment (strict, no HTML escaping) and renders a family's test file from its kind's template.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { MatrixError } from '../matrix/errors.js';
import { TemplateMissingError, TemplateRenderError } from './errors.js';
import { renderContext, strictView, templateNameFor, UnknownFieldError } from './render-context.js';
import { renderHeader } from './render-header.js';
import { registerRenderHelpers } from './render-helpers.js';
import type { FamilyEntry } from './types.js';

/** One generated test file, before it is checked and written. */
export interface GeneratedFile {
  family: string;
  /** Template file name, e.g. `encoder-only.hbs`. */
  templateName: string;
  /** File name inside the output folder, e.g. `bert.test.ts`. */
  fileName: string;
  text: string;
}

/** Renders families with one loaded template set. */
export interface TemplateRenderer {
  readonly templatesDir: string;
  /** Template file names found (`encoder-only.hbs`, ...). */
  readonly templateNames: readonly string[];
  render(entry: FamilyEntry): GeneratedFile;
}

const COMPILE_OPTIONS = { strict: true, noEscape: true } as const;
const SAFE_FAMILY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads and compiles every template and partial in `templatesDir`. */
export async function loadTemplates(templatesDir: string): Promise<TemplateRenderer> {
  const hb = Handlebars.create();
  registerRenderHelpers(hb);
  const templateFiles = (await listHbs(templatesDir)).sort();
  const partialsDir = path.join(templatesDir, 'partials');
  for (const file of await listHbs(partialsDir)) {
    const name = file.slice(0, -'.hbs'.length);
    const source = await readFile(path.join(partialsDir, file), 'utf8');
    const compiled = compileNamed(hb, source, `partials/${file}`);
    hb.registerPartial(name, ((context: unknown, options: Handlebars.RuntimeOptions = {}) => {
      // Helpers read `partialFile` from the data frame to say where they were called.
      const data = Object.assign(Handlebars.createFrame(options.data ?? {}), { partialFile: `partials/${file}` });
      try {
        return compiled(context, { ...options, data });
      } catch (error) {
        throw inPartial(error, file);
      }
    }) as unknown as Handlebars.Template);
  }
  const templates = new Map<string, Handlebars.TemplateDelegate>();
  for (const file of templateFiles) {
    templates.set(file, compileNamed(hb, await readFile(path.join(templatesDir, file), 'utf8'), file));
  }
  return {
    templatesDir,
    templateNames: templateFiles,
    render(entry: FamilyEntry): GeneratedFile {
      if (!SAFE_FAMILY.test(entry.family)) {
        throw new TemplateRenderError(templateNameFor(entry.archKind), entry.family, `the family name cannot be a file name (must match ${SAFE_FAMILY})`);
      }
      const templateName = templateNameFor(entry.archKind);
      const template = templates.get(templateName);
      if (!template) throw new TemplateMissingError(templateName, templatesDir, templateFiles);
      let body: string;
      try {
        body = template(strictView(renderContext(entry, templateName)));
      } catch (error) {
        if (error instanceof MatrixError) throw error;
        if (error instanceof UnknownFieldError) {
          throw new TemplateRenderError(templateName, entry.family, error.message, error);
        }
        throw new TemplateRenderError(templateName, entry.family, describeHandlebarsError(error, templateName), error);
      }
      const text = `${renderHeader(templateName)}\n${body.replace(/^\n+/, '').replace(/\s*$/, '')}\n`;
      return { family: entry.family, templateName, fileName: `${entry.family}.test.ts`, text };
    },
  };
}

/** Compiles eagerly so syntax errors surface at load time, named after the file. */
function compileNamed(hb: typeof Handlebars, source: string, name: string): Handlebars.TemplateDelegate {
  try {
    const compiled = hb.compile(source, COMPILE_OPTIONS);
    hb.parse(source); // syntax errors now; compile() alone defers parsing to the first render
    return compiled;
  } catch (error) {
    throw new TemplateRenderError(name, null, describeHandlebarsError(error, name), error);
  }
}

async function listHbs(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.hbs'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

interface HandlebarsErrorShape {
  message?: string;
  lineNumber?: number;
  column?: number;
  partialFile?: string;
}

function inPartial(error: unknown, file: string): unknown {
  if (error && typeof error === 'object' && !(error instanceof MatrixError) && !('partialFile' in error)) {
    (error as HandlebarsErrorShape).partialFile = `partials/${file}`;
  }
  return error;
}

/** `encoder-only.hbs:3:10: "hubModel" not defined in [object Object]` (or `partials/x.hbs:...`). */
function describeHandlebarsError(error: unknown, templateName: string): string {
  const e = (error ?? {}) as HandlebarsErrorShape;
  const file = e.partialFile ?? templateName;
  const text = String(e.message ?? error);
  const parse = /^Parse error on line (\d+):/.exec(text);
  if (parse) {
    // Handlebars' parser: "Parse error on line N:\n<excerpt>\n<caret>\nExpecting ..., got 'EOF'"
    const lines = text.split('\n');
    return `${file}:${parse[1]}: parse error: ${lines.slice(1).join(' | ')}`;
  }
  const message = text.replace(/ - \d+:\d+$/, '').split('\n')[0];
  const where = typeof e.lineNumber === 'number' ? `${file}:${e.lineNumber}:${(e.column ?? 0) + 1}` : file;
  return `${where}: ${message}`;
}
