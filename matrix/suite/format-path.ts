/** A value's path as a suite file reader writes it: `models[2].dtypes[0]` (`(suite)` for the root). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out || '(suite)';
}
