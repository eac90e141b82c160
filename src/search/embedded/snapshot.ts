/**
 * One index store as snapshot sections and back: the term dictionary in id order, the postings'
 * typed arrays, the delta, tombstones, documents as JSON in chunks and the int8 vectors. Attribute
 * columns, the id map and the statistics (average field lengths, live document frequencies) are
 * rebuilt from the documents and tombstones on load (cheap); analysis is not redone.
 */
import type { IndexDefinition } from '../definitions.js';
import type { SearchDocument } from '../port.js';
import type { SnapshotReader, SnapshotSection } from '../snapshot-file.js';
import type { Analyzer } from '../text/analyzer.js';
import { bigramKey } from '../text/chars.js';
import { Postings } from './postings.js';
import { IndexStore } from './store.js';
import { TermDictionary } from './terms.js';

const TERMS_CHUNK = 100_000;
const DOCS_CHUNK = 5_000;

interface StoreMeta {
  capacity: number;
  terms: number;
  mainTerms: number;
  lenSum: number[];
  lenCount: number;
  dims: number;
  vectors: number;
}

const bytesOf = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const parse = <T>(bytes: Uint8Array) =>
  JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as T;
const u32 = (b: Uint8Array<ArrayBuffer>) => new Uint32Array(b.buffer, b.byteOffset, b.byteLength / 4);

/** The sections of one store, named under `prefix`; pauses between chunks so searches keep being answered. */
export async function* storeSections(
  store: IndexStore,
  prefix: string,
  pause: () => Promise<void>,
): AsyncGenerator<SnapshotSection> {
  const capacity = store.capacity;
  const { terms, postings } = store;
  const vectors = store.vectors;
  const dims = vectors.dims;
  const withVector = new Uint8Array(capacity);
  for (let d = 0; d < capacity; d++) withVector[d] = vectors.has(d) ? 1 : 0;
  const vectorCount = vectors.count(capacity);
  const meta: StoreMeta = {
    capacity,
    terms: terms.size,
    mainTerms: postings.mainTerms,
    lenSum: [...store.lenSum],
    lenCount: store.lenCount,
    dims,
    vectors: vectorCount,
  };
  yield { name: `${prefix}.meta`, bytes: json(meta) };
  const kinds = new Uint8Array(terms.size);
  for (let t = 0; t < terms.size; t++) {
    kinds[t] = terms.isWord(t) ? 0 : 1;
    if (t % TERMS_CHUNK === TERMS_CHUNK - 1) await pause();
  }
  yield { name: `${prefix}.terms.kind`, bytes: kinds };
  for (let t = 0; t < terms.size; t += TERMS_CHUNK) {
    yield { name: `${prefix}.terms.text`, bytes: json(terms.text.slice(t, t + TERMS_CHUNK)) };
    await pause();
  }
  yield { name: `${prefix}.postings.offsets`, bytes: bytesOf(postings.offsets) };
  yield { name: `${prefix}.postings.docs`, bytes: bytesOf(postings.docs) };
  yield { name: `${prefix}.postings.imps`, bytes: postings.imps };
  const delta = new Uint32Array(postings.deltaCount * 3);
  let at = 0;
  postings.deltaDocs.forEach((docs, t) =>
    docs?.forEach((d, i) => ((delta[at++] = t), (delta[at++] = d), (delta[at++] = postings.deltaImps[t]![i]!))),
  );
  yield { name: `${prefix}.delta`, bytes: bytesOf(delta.subarray(0, at)) };
  yield { name: `${prefix}.deleted`, bytes: store.deleted.subarray(0, capacity) };
  for (let d = 0; d < capacity; d += DOCS_CHUNK) {
    yield { name: `${prefix}.docs`, bytes: json(store.docs.slice(d, d + DOCS_CHUNK)) };
    await pause();
  }
  yield { name: `${prefix}.vectors.has`, bytes: withVector };
  const q = new Int8Array(vectorCount * dims);
  const scales = new Float32Array(vectorCount);
  let k = 0;
  for (let d = 0; d < capacity; d++) {
    if (d % DOCS_CHUNK === DOCS_CHUNK - 1) await pause();
    const v = withVector[d] ? vectors.get(d) : null;
    if (!v) continue;
    q.set(v.q, k * dims);
    scales[k++] = v.scale;
  }
  yield { name: `${prefix}.vectors.q`, bytes: bytesOf(q) };
  yield { name: `${prefix}.vectors.scale`, bytes: bytesOf(scales) };
}

/** A store read back from its sections (the caller checks the file's checksum before using it). */
export async function readStore(
  reader: SnapshotReader<unknown>,
  prefix: string,
  def: IndexDefinition,
  analyzer: Analyzer,
  pause: () => Promise<void>,
): Promise<IndexStore> {
  const meta = parse<StoreMeta>(await reader.next(`${prefix}.meta`));
  const store = new IndexStore(def, analyzer);
  if (meta.lenSum.length !== store.lenSum.length) throw new Error('searchable attributes differ');

  const kinds = await reader.next(`${prefix}.terms.kind`);
  const terms = new TermDictionary();
  for (let t = 0; t < meta.terms; t += TERMS_CHUNK) {
    const texts = parse<string[]>(await reader.next(`${prefix}.terms.text`));
    texts.forEach((text, i) => {
      const id = kinds[t + i]
        ? terms.internBigram(bigramKey(text.charCodeAt(0), text.charCodeAt(1)))
        : terms.internWord(text);
      if (id !== t + i) throw new Error('term ids do not line up');
    });
    await pause();
  }
  store.terms = terms;

  const postings = new Postings();
  postings.offsets = u32(await reader.next(`${prefix}.postings.offsets`));
  postings.docs = u32(await reader.next(`${prefix}.postings.docs`));
  postings.imps = await reader.next(`${prefix}.postings.imps`);
  postings.mainTerms = meta.mainTerms;
  const delta = u32(await reader.next(`${prefix}.delta`));
  for (let i = 0; i < delta.length; i += 3) postings.addToDelta(delta[i + 1]!, delta[i]!, delta[i + 2]!);
  store.postings = postings;

  const deleted = await reader.next(`${prefix}.deleted`);
  store.deleted = new Uint8Array(Math.max(1024, meta.capacity * 2));
  store.deleted.set(deleted);
  postings.countDead(store.deleted);
  const docs: (SearchDocument | null)[] = [];
  for (let d = 0; d < meta.capacity; d += DOCS_CHUNK) {
    for (const doc of parse<(SearchDocument | null)[]>(await reader.next(`${prefix}.docs`))) docs.push(doc);
    await pause();
  }
  store.docs = docs;
  // The statistics are counted from what the file holds, not taken from its meta: a snapshot written
  // before they were kept exact (its averages drifted with every edit) loads with the right ones.
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d];
    if (doc) (store.byId.set(doc.id, d), store.measure(doc));
    for (const [name, col] of store.fields) col.add(d, doc?.[name]);
    if (d % DOCS_CHUNK === DOCS_CHUNK - 1) await pause();
  }

  const has = await reader.next(`${prefix}.vectors.has`);
  // The rows are read straight into the store's arena, then spread to their documents' places.
  const rows = store.vectors.loadArea(meta.capacity, meta.dims, meta.vectors);
  const q = await reader.next(`${prefix}.vectors.q`, rows);
  if (q.length !== meta.vectors * meta.dims) throw new Error('vector rows do not line up');
  const sb = await reader.next(`${prefix}.vectors.scale`);
  store.vectors.spread(has, new Float32Array(sb.buffer, sb.byteOffset, sb.byteLength / 4), meta.capacity);
  return store;
}
