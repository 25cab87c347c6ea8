/** A file source's bytes on disk, times `expansion` for compressed formats (what `Source.estimatedBytes` gives). */
export function filesBytes(source: { files: readonly { size: number }[] }, expansion = 1): number {
  let n = 0;
  for (const f of source.files) n += f.size;
  return n * expansion;
}
