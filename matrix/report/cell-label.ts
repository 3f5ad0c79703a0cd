/** Short human name of a cell: `bert · feature-extraction · node/cpu fp32 b1`. */
export function cellLabel(cell: { family: string; task: string; platform: string; device: string; dtype: string; batchSize: number }): string {
  return `${cell.family} · ${cell.task} · ${cell.platform}/${cell.device} ${cell.dtype} b${cell.batchSize}`;
}
