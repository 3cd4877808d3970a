/**
 * Hand a file to the browser's downloads, from an extension page: no permission needed. The URL
 * stays valid (for a "download again" link) until the next file replaces it or the page closes.
 */
let current: string | undefined;

export function offerDownload(blob: Blob, name: string): string {
  if (current) URL.revokeObjectURL(current);
  current = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = current;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  return current;
}

