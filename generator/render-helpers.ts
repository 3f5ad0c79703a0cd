/**
 * The helpers templates may use. Every value that becomes code goes through one of them:
 * - `{{lit value}}`   a literal of any JSON value (jsLiteral), never a template literal;
 * - `{{ident value}}` a checked PascalCase identifier (transformers.js class names);
 * - `{{eq a b}}`      strict equality, for `{{#if (eq task.task "fill-mask")}}`.
 */
import type { HelperOptions } from 'handlebars';
import { UnsafeIdentifierError, UnsafeLiteralError } from './errors.js';
import { LiteralValueError, jsLiteral } from './js-literal.js';
import { identifierProblem } from './safe-identifier.js';

/** The Handlebars environment surface the helpers need. */
export interface HelperHost {
  registerHelper(name: string, fn: (...args: any[]) => unknown): void;
}

/** Registers lit, ident and eq on a Handlebars environment. */
export function registerRenderHelpers(hb: HelperHost): void {
  hb.registerHelper('lit', (...args: unknown[]) => {
    const options = args.pop() as HelperOptions;
    const where = location(options);
    if (args.length !== 1) throw new UnsafeLiteralError(undefined, where, `lit takes exactly one value, got ${args.length}`);
    try {
      return jsLiteral(args[0]);
    } catch (error) {
      if (error instanceof LiteralValueError) throw new UnsafeLiteralError(args[0], where, error.message);
      throw error;
    }
  });
  hb.registerHelper('ident', (...args: unknown[]) => {
    const options = args.pop() as HelperOptions;
    const where = location(options);
    if (args.length !== 1) throw new UnsafeIdentifierError(undefined, where, `ident takes exactly one value, got ${args.length}`);
    const problem = identifierProblem(args[0]);
    if (problem) throw new UnsafeIdentifierError(args[0], where, problem);
    return args[0];
  });
  hb.registerHelper('eq', (...args: unknown[]) => {
    args.pop();
    if (args.length !== 2) throw new Error(`eq takes exactly two values, got ${args.length}`);
    return args[0] === args[1];
  });
}

/** `encoder-only.hbs:12:5` from the render context and the helper call's location. */
function location(options: HelperOptions): string {
  const data = options.data as { root?: { templateName?: unknown }; partialFile?: unknown } | undefined;
  const template = typeof data?.root?.templateName === 'string' ? data.root.templateName : '(unknown template)';
  const file = typeof data?.partialFile === 'string' ? data.partialFile : template;
  const loc = (options as HelperOptions & { loc?: { start?: { line: number; column: number } } }).loc?.start;
  const at = loc ? `${file}:${loc.line}:${loc.column + 1}` : file;
  return file === template ? at : `${template} → ${at}`;
}
