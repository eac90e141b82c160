/**
 * The file an index snapshot lives in: named binary sections, then a JSON trailer (meta, the
 * sections' offsets and a SHA-256 over their bytes), its length and a magic. Written to a temporary
 * file beside the target and renamed over it by the caller, so a reader sees the old file or the
 * new one, never half of one. Reading checks the checksum as the sections go by.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type FileHandle, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';

const MAGIC = 'CXYSNAP1';
/** Large sections are hashed and written in slices, with a turn of the event loop between them. */
const SLICE = 4 << 20;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
const TAIL = 4 + MAGIC.length;

export interface SnapshotSection {
  name: string;
  bytes: Uint8Array;
}

interface Placed {
  name: string;
  offset: number;
  length: number;
}

interface Trailer<M> {
  meta: M;
  sections: Placed[];
  sha256: string;
}

export class CorruptSnapshotError extends Error {
  override name = 'CorruptSnapshotError';
}

/** Writes the sections and the meta to a new temporary file beside `file`; answers its path (rename it into place). */
export async function writeSnapshotFile<M>(
  file: string,
  meta: M,
  sections: AsyncIterable<SnapshotSection>,
): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const fh = await open(tmp, 'w');
  try {
    const hash = createHash('sha256');
    const placed: Placed[] = [];
    let offset = 0;
    const pad = new Uint8Array(8);
    for await (const { name, bytes } of sections) {
      // Sections start at multiples of 8, so a typed array can be read straight into place.
      const gap = (8 - (offset % 8)) % 8;
      if (gap) (await fh.write(pad, 0, gap, offset), (offset += gap));
      for (let at = 0; at < bytes.byteLength; at += SLICE) {
        const slice = bytes.subarray(at, at + SLICE);
        hash.update(slice);
        await writeAll(fh, slice, offset + at);
        if (bytes.byteLength > SLICE) await turn();
      }
      placed.push({ name, offset, length: bytes.byteLength });
      offset += bytes.byteLength;
    }
    const trailer: Trailer<M> = { meta, sections: placed, sha256: hash.digest('hex') };
    const json = Buffer.from(JSON.stringify(trailer));
    const tail = Buffer.alloc(TAIL);
    tail.writeUInt32LE(json.length, 0);
    tail.write(MAGIC, 4, 'latin1');
    await writeAll(fh, json, offset);
    await writeAll(fh, tail, offset + json.length);
    await fh.sync();
    await fh.close();
    return tmp;
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
}

async function writeAll(fh: FileHandle, bytes: Uint8Array, at: number): Promise<void> {
  for (let done = 0; done < bytes.byteLength;) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.byteLength - done, at + done);
    done += bytesWritten;
  }
}

export interface SnapshotReader<M> {
  meta: M;
  /**
   * The next section, which must be `name`; its bytes in a buffer of their own (8-byte aligned), or
   * read straight into `into` (which must be of the section's length) so a large section is not copied.
   */
  next(name: string, into?: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
  /** After the last section: throws CorruptSnapshotError unless every section was read and the checksum holds. */
  finish(): Promise<void>;
  close(): Promise<void>;
}

/** Opens a snapshot and reads its trailer; throws ENOENT when there is none, CorruptSnapshotError when it is unreadable. */
export async function openSnapshotFile<M>(file: string): Promise<SnapshotReader<M>> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < TAIL) throw new CorruptSnapshotError('文件过短');
    const tail = Buffer.alloc(TAIL);
    await fh.read(tail, 0, TAIL, size - TAIL);
    if (tail.toString('latin1', 4) !== MAGIC) throw new CorruptSnapshotError('文件尾标记缺失（写入未完成或已损坏）');
    const len = tail.readUInt32LE(0);
    if (len > size - TAIL) throw new CorruptSnapshotError('文件尾长度无效');
    const json = Buffer.alloc(len);
    await fh.read(json, 0, len, size - TAIL - len);
    let trailer: Trailer<M>;
    try {
      trailer = JSON.parse(json.toString('utf8')) as Trailer<M>;
    } catch {
      throw new CorruptSnapshotError('文件尾无法解析');
    }
    if (!Array.isArray(trailer.sections) || typeof trailer.sha256 !== 'string')
      throw new CorruptSnapshotError('文件尾字段缺失');
    const hash = createHash('sha256');
    let at = 0;
    return {
      meta: trailer.meta,
      async next(name: string, into?: Uint8Array<ArrayBuffer>) {
        const s = trailer.sections[at++];
        if (!s || s.name !== name) throw new CorruptSnapshotError(`缺少分段 ${name}`);
        if (s.offset + s.length > size - TAIL - len) throw new CorruptSnapshotError(`分段 ${name} 越界`);
        if (into && into.length !== s.length) throw new CorruptSnapshotError(`分段 ${name} 长度不符`);
        const bytes = into ?? new Uint8Array(s.length);
        for (let done = 0; done < s.length;) {
          const { bytesRead } = await fh.read(bytes, done, Math.min(SLICE, s.length - done), s.offset + done);
          if (!bytesRead) throw new CorruptSnapshotError(`分段 ${name} 不完整`);
          hash.update(bytes.subarray(done, done + bytesRead));
          done += bytesRead;
        }
        return bytes;
      },
      async finish() {
        if (at !== trailer.sections.length) throw new CorruptSnapshotError('有分段未读');
        if (hash.digest('hex') !== trailer.sha256) throw new CorruptSnapshotError('校验和不符');
      },
      close: () => fh.close(),
    };
  } catch (err) {
    await fh.close();
    throw err;
  }
}
