/// A hash map from UInt64 keys to Int32 values for the timing phase's per-event lookups (L2
/// lines, atomic regions): open addressing with linear probing over one flat array of
/// (key, value) slots, and backward-shift deletion (no tombstones, so lookups stay short
/// however many lines are evicted). The timing phase looks a key up for every 512-byte line a
/// DMA touches; Swift's `Dictionary` (SipHash, resilient generic code) was a tenth of it.
///
/// The hash keeps runs of 16 consecutive keys in 16 consecutive slots (it mixes `key >> 4` and
/// adds `key & 15`): a DMA touches consecutive lines, and the table is far larger than the
/// host's caches, so each lookup of a run after the first hits a cache line already loaded.
///
/// The key `UInt64.max` is reserved as the empty marker (no GM line or region reaches it).
struct IntMap {
    private static let empty = UInt64.max
    private struct Slot { var key: UInt64; var value: Int32 }
    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var n = 16
        while n < 2 * capacity { n <<= 1 }
        slots = [Slot](repeating: Slot(key: IntMap.empty, value: 0), count: n)
        mask = n - 1
    }

    @inline(__always) private func home(_ k: UInt64) -> Int {
        (Int(truncatingIfNeeded: ((k >> 4) &* 0x9E37_79B9_7F4A_7C15) >> 20) << 4 | Int(truncatingIfNeeded: k & 15)) & mask
    }

    subscript(key: UInt64) -> Int32? {
        var i = home(key)
        while true {
            let s = slots[i]
            if s.key == key { return s.value }
            if s.key == IntMap.empty { return nil }
            i = (i + 1) & mask
        }
    }

    /// Sets `key` to `value`.
    mutating func set(_ key: UInt64, _ value: Int32) {
        var i = home(key)
        while true {
            let k = slots[i].key
            if k == key { slots[i].value = value; return }
            if k == IntMap.empty { break }
            i = (i + 1) & mask
        }
        slots[i] = Slot(key: key, value: value)
        count += 1
        if 2 * count > slots.count { grow() }
    }

    /// Removes `key` if present, shifting later members of its probe run back.
    mutating func remove(_ key: UInt64) {
        var i = home(key)
        while true {
            let k = slots[i].key
            if k == IntMap.empty { return }
            if k == key { break }
            i = (i + 1) & mask
        }
        count -= 1
        var hole = i
        var j = i
        while true {
            j = (j + 1) & mask
            let k = slots[j].key
            if k == IntMap.empty { break }
            // Move k into the hole unless its home lies cyclically in (hole, j].
            let h = home(k)
            let stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j)
            if !stays {
                slots[hole] = slots[j]
                hole = j
            }
        }
        slots[hole].key = IntMap.empty
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: IntMap.empty, value: 0), count: 2 * old.count)
        mask = slots.count - 1
        count = 0
        for s in old where s.key != IntMap.empty { set(s.key, s.value) }
    }
}
