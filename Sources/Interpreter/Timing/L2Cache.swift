/// The chip's L2 cache as the timing phase sees it: which GM bytes are resident, so that a DMA
/// transfer knows how many of its bytes must come from HBM (docs/CycleModel.md, "L2").
///
/// - Residency and replacement are by line (`Machine.l2LineBytes`, 512 B), least recently used
///   first, at `Machine.l2Bytes / l2LineBytes` lines (192 MB / 512 B = 393216 for the 910B2C).
/// - A line fills sector by sector (`Machine.l2SectorBytes`, 32 B): a read of a sector that is
///   not present is a miss and costs one sector of HBM traffic; the sector is present from then
///   on (from the moment the transfer that fetches it starts: in-flight fills are not modelled).
/// - Writes (plain and atomic) allocate the sectors they write without fetching them (write
///   allocate, write back); their bytes are charged to HBM when written (see `TimingModel`).
/// - The L2 starts empty at launch (the host's copies to GM are not assumed to leave data in L2).
///
/// Every decision is made in the timing phase's event order, so the cache's state is a function
/// of the kernel and inputs only. The structure: a hash map from line number to a slot, and the
/// slots in a doubly linked list from most to least recently used (index-based: no references).
struct L2Cache {
    let lineShift: UInt64
    let sectorShift: UInt64
    let sectorsPerLine: UInt64
    let sectorBytes: Double
    let capacity: Int

    private var slotOf = IntMap()
    /// One slot: its line, present sectors and LRU neighbours together, so that touching a
    /// line reads one place in memory (the table is larger than the host's caches).
    private struct Node { var line: UInt64; var sectors: UInt64; var prev: Int32; var next: Int32 }
    private var nodes: [Node] = []
    /// Most recently used slot (-1: empty) and least recently used slot.
    private var head: Int32 = -1
    private var tail: Int32 = -1

    /// Lines evicted so far (for tests and reports).
    private(set) var evictions = 0

    /// nil when the machine has no L2 (`l2Bytes` below one line).
    init?(machine m: Machine) {
        let lineBytes = max(1, m.l2LineBytes), sector = max(1, min(m.l2SectorBytes, lineBytes))
        capacity = m.l2Bytes / lineBytes
        if capacity < 1 { return nil }
        lineShift = UInt64(lineBytes.trailingZeroBitCount)
        sectorShift = UInt64(sector.trailingZeroBitCount)
        sectorsPerLine = min(64, UInt64(lineBytes / sector))
        sectorBytes = Double(sector)
        slotOf = IntMap(capacity: min(capacity, 1 << 16))
    }

    /// What a read of GM byte spans costs: bytes of the spans that were not present
    /// (`missBytes`), HBM bytes fetched for them (`fillBytes`, whole sectors), and the spans'
    /// total bytes. Every touched sector is present afterwards and every touched line becomes
    /// most recently used, in span order.
    mutating func read(_ spans: UnsafeBufferPointer<UInt64>) -> (missBytes: Double, fillBytes: Double, bytes: Double) {
        var miss: UInt64 = 0, fill = 0, total: UInt64 = 0
        var k = 0
        while k + 1 < spans.count {
            let s = spans[k], e = spans[k + 1]
            k += 2
            if e <= s { continue }
            total += e - s
            var l = s >> lineShift
            let last = (e - 1) >> lineShift
            while l <= last {
                let base = l << lineShift
                let lo = max(s, base), hi = min(e, base + (1 << lineShift))
                let bits = sectorMask(lo - base, hi - base)
                let slot = touch(l)
                let missing = bits & ~nodes[Int(slot)].sectors
                if missing != 0 {
                    fill += missing.nonzeroBitCount
                    miss += missingOverlap(missing, lo - base, hi - base)
                    nodes[Int(slot)].sectors |= missing
                }
                l += 1
            }
        }
        return (Double(miss), Double(fill) * sectorBytes, Double(total))
    }

    /// A write of GM byte spans: the touched sectors become present (no fetch) and the touched
    /// lines most recently used.
    mutating func write(_ spans: UnsafeBufferPointer<UInt64>) {
        var k = 0
        while k + 1 < spans.count {
            let s = spans[k], e = spans[k + 1]
            k += 2
            if e <= s { continue }
            var l = s >> lineShift
            let last = (e - 1) >> lineShift
            while l <= last {
                let base = l << lineShift
                let bits = sectorMask(max(s, base) - base, min(e, base + (1 << lineShift)) - base)
                let slot = touch(l)
                nodes[Int(slot)].sectors |= bits
                l += 1
            }
        }
    }

    /// Is every sector of GM byte `addr` present (for tests)?
    func contains(_ addr: UInt64) -> Bool {
        guard let slot = slotOf[addr >> lineShift] else { return false }
        let bit = UInt64(1) << ((addr & ((1 << lineShift) - 1)) >> sectorShift)
        return nodes[Int(slot)].sectors & bit != 0
    }

    /// Resident lines.
    var count: Int { slotOf.count }

    /// Sector bits covering line-relative bytes [lo, hi), hi > lo.
    @inline(__always) private func sectorMask(_ lo: UInt64, _ hi: UInt64) -> UInt64 {
        let first = lo >> sectorShift, last = (hi - 1) >> sectorShift
        let n = last - first + 1
        return (n >= 64 ? ~UInt64(0) : (UInt64(1) << n) - 1) << first
    }

    /// Bytes of line-relative [lo, hi) that fall in the `missing` sectors.
    @inline(__always) private func missingOverlap(_ missing: UInt64, _ lo: UInt64, _ hi: UInt64) -> UInt64 {
        let size = UInt64(1) << sectorShift
        var m = missing, total: UInt64 = 0
        while m != 0 {
            let i = UInt64(m.trailingZeroBitCount)
            m &= m - 1
            let a = max(lo, i * size), b = min(hi, (i + 1) * size)
            if b > a { total += b - a }
        }
        return total
    }

    /// The slot of line `l`, made most recently used; allocated (evicting the least recently
    /// used line when full) with no sectors present if it was not resident.
    @inline(__always) private mutating func touch(_ l: UInt64) -> Int32 {
        if let slot = slotOf[l] {
            if slot != head {
                unlink(slot)
                pushFront(slot)
            }
            return slot
        }
        let slot: Int32
        if nodes.count < capacity {
            slot = Int32(nodes.count)
            nodes.append(Node(line: l, sectors: 0, prev: -1, next: -1))
        } else {
            slot = tail
            unlink(slot)
            slotOf.remove(nodes[Int(slot)].line)
            evictions += 1
            nodes[Int(slot)].line = l
            nodes[Int(slot)].sectors = 0
        }
        slotOf.set(l, slot)
        pushFront(slot)
        return slot
    }

    @inline(__always) private mutating func unlink(_ s: Int32) {
        let p = nodes[Int(s)].prev, n = nodes[Int(s)].next
        if p >= 0 { nodes[Int(p)].next = n } else { head = n }
        if n >= 0 { nodes[Int(n)].prev = p } else { tail = p }
        nodes[Int(s)].prev = -1
        nodes[Int(s)].next = -1
    }

    @inline(__always) private mutating func pushFront(_ s: Int32) {
        nodes[Int(s)].next = head
        nodes[Int(s)].prev = -1
        if head >= 0 { nodes[Int(head)].prev = s }
        head = s
        if tail < 0 { tail = s }
    }
}
