/**
 * The chalk colour level for a stream: 0 when NO_COLOR is set (chalk 5 does not read it) or the
 * stream is not a terminal, else chalk's own detection (which honours FORCE_COLOR and --no-color).
 */
import { supportsColor } from 'chalk';
import type { ColorLevel } from './render-terminal.js';

export function colorLevel(env: NodeJS.ProcessEnv = process.env, stream: { isTTY?: boolean } = process.stdout): ColorLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR === undefined && !stream.isTTY) return 0;
  return supportsColor === false ? 0 : supportsColor.level;
}
