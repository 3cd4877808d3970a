import type { LibraryDatabase } from '../../store/db';
import { writeArchive, type ArchiveFiles, type ExportOptions } from '../export-archive';
import { CarBuilder, type BuiltCar } from './car-builder';

/** Makes a CAR of the files given: in the export's worker (utils/archive/worker-packer.ts), or here. */
export interface CarPacker {
  add(path: string, content: Uint8Array | string): Promise<string>;
  finish(): Promise<BuiltCar>;
}

export function carHere(): CarPacker {
  const builder = new CarBuilder();
  return { add: (path, content) => builder.add(path, content), finish: () => builder.finish() };
}

/** Bytes given to the packer and not yet in the CAR, beyond which `ready` waits, as the ZIP's does. */
const PACKING_BYTES = 16 * 1024 * 1024;

/** The archive's files into a CarPacker, with the ZIP's bound on what waits to be packed. */
class CarFiles implements ArchiveFiles {
  private readonly packing = new Set<Promise<unknown>>();
  private packingBytes = 0;
  private failure: Error | undefined;

  constructor(private readonly car: CarPacker) {}

  add(path: string, content: Uint8Array | string): Promise<string> {
    if (this.failure) throw this.failure;
    const size = typeof content === 'string' ? content.length * 2 : content.byteLength;
    this.packingBytes += size;
    const hash = this.car.add(path, content);
    const job: Promise<unknown> = hash
      .catch((error: Error) => void (this.failure ??= error))
      .finally(() => {
        this.packingBytes -= size;
        this.packing.delete(job);
      });
    this.packing.add(job);
    hash.catch(() => undefined);
    return hash;
  }

  async ready(): Promise<void> {
    while (this.packingBytes > PACKING_BYTES && this.packing.size) await Promise.race(this.packing);
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<BuiltCar> {
    await Promise.all(this.packing);
    if (this.failure) throw this.failure;
    return this.car.finish();
  }
}

/**
 * The library (or part of it) as the archive for IPFS (docs/FORMAT.md): the very files of the
 * archive's ZIP, written the same way (utils/archive/export-archive.ts), as a UnixFS directory in
 * a CAR whose root CID is the one `ipfs add -r --cid-version=1` gives the unzipped archive.
 */
export async function exportCar(db: LibraryDatabase, options: ExportOptions & { car?: CarPacker }): Promise<BuiltCar> {
  const exportedAt = (options.now ?? Date.now)();
  const files = new CarFiles(options.car ?? carHere());
  await writeArchive(db, options, files, exportedAt);
  return files.finish();
}
