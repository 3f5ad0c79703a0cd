import { readdirSync } from 'node:fs';

/** Where the Vulkan loader looks for installable client drivers on Linux. */
export const VULKAN_ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

/** File names of the Vulkan drivers installed here (e.g. `nvidia_icd.json`, `lvp_icd.x86_64.json` = lavapipe). */
export function vulkanIcds(dirs: readonly string[] = VULKAN_ICD_DIRS): string[] {
  const found: string[] = [];
  for (const dir of dirs) {
    try {
      for (const name of readdirSync(dir)) if (name.endsWith('.json')) found.push(name);
    } catch {
      // folder absent: no drivers there
    }
  }
  return found.sort();
}
