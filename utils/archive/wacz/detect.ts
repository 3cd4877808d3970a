import { entryNames, type ArchiveSource } from '../zip-reader';
import { MANIFEST_PATH } from '../format';
import { DATAPACKAGE_PATH } from './format';

/**
 * Whether a ZIP is a web archive (WACZ) rather than a Samizdat archive: its directory lists a
 * datapackage.json and no manifest.json. Whatever the file is called: a name is not a format.
 */
export async function isWebArchive(source: ArchiveSource): Promise<boolean> {
  const names = await entryNames(source);
  return !!names && names.includes(DATAPACKAGE_PATH) && !names.includes(MANIFEST_PATH);
}
