/** `id2label` / `label2id` for classification heads (LABEL_0 … LABEL_{n-1}, as Hugging Face defaults). */
export function labelMaps(numLabels: number): { id2label: Record<string, string>; label2id: Record<string, number> } {
  const labels = Array.from({ length: numLabels }, (_, i) => `LABEL_${i}`);
  return {
    id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
    label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
  };
}
