/** An open-addressing hash map from uint32 keys to non-negative int32 values: no boxing, no per-entry objects. */
export class U32Map {
  private keys: Uint32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let n = 16;
    while (n < capacity * 2) n *= 2;
    this.keys = new Uint32Array(n);
    this.vals = new Int32Array(n);
    this.mask = n - 1;
  }

  /** The value for `key`, or -1. Keys are stored as key + 1 so that 0 marks an empty slot. */
  get(key: number): number {
    const k = (key + 1) >>> 0;
    const { keys, mask } = this;
    for (let i = Math.imul(k, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const at = keys[i]!;
      if (at === k) return this.vals[i]!;
      if (at === 0) return -1;
    }
  }

  set(key: number, value: number): void {
    if ((this.size + 1) * 2 > this.keys.length) this.grow();
    const k = (key + 1) >>> 0;
    const { keys, mask } = this;
    for (let i = Math.imul(k, 0x9e3779b1) & mask; ; i = (i + 1) & mask) {
      const at = keys[i]!;
      if (at === k) return void (this.vals[i] = value);
      if (at === 0) {
        keys[i] = k;
        this.vals[i] = value;
        this.size++;
        return;
      }
    }
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.set(keys[i]! - 1, vals[i]!);
  }
}
