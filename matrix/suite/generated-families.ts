/** The families there are: one generated test file each. */
import { existsSync, readdirSync } from 'node:fs';

/** Families with a generated test file in `generatedDir`, sorted (none when the folder is missing). */
export function generatedFamilies(generatedDir: string): string[] {
  return existsSync(generatedDir) ? readdirSync(generatedDir).filter((f) => f.endsWith('.test.ts')).map((f) => f.slice(0, -'.test.ts'.length)).sort() : [];
}
