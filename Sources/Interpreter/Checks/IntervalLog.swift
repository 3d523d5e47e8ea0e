/// A log of GM byte ranges one core touched in one epoch, for the cross-core race check.
/// Contiguous appends merge; when the log grows past a threshold it is sorted and merged
/// (compacted), so memory stays proportional to the number of disjoint ranges touched.
/// A merged range keeps the pc of its first access (for the error's location).
struct IntervalLog {
    var starts: [UInt64] = []
    var ends: [UInt64] = []
    var pcs: [Int32] = []
    private var compactAt = 1 << 14

    var isEmpty: Bool { starts.isEmpty }

    @inline(__always) mutating func add(_ s: UInt64, _ e: UInt64, pc: Int32) {
        if e <= s { return }
        if let last = ends.last, last == s, pcs.last == pc {
            ends[ends.count - 1] = e
            return
        }
        starts.append(s)
        ends.append(e)
        pcs.append(pc)
        if starts.count >= compactAt {
            compact()
            compactAt = max(1 << 14, starts.count * 2)
        }
    }

    /// Sorts and merges overlapping or touching ranges.
    mutating func compact() {
        if starts.count < 2 { return }
        let order = starts.indices.sorted { starts[$0] != starts[$1] ? starts[$0] < starts[$1] : pcs[$0] < pcs[$1] }
        var ns: [UInt64] = [], ne: [UInt64] = [], np: [Int32] = []
        ns.reserveCapacity(order.count)
        for i in order {
            if let last = ne.last, starts[i] <= last {
                if ends[i] > last { ne[ne.count - 1] = ends[i] }
            } else {
                ns.append(starts[i]); ne.append(ends[i]); np.append(pcs[i])
            }
        }
        starts = ns; ends = ne; pcs = np
    }

    mutating func removeAll() {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        pcs.removeAll(keepingCapacity: true)
        compactAt = 1 << 14
    }
}

/// GM writes and atomic adds of one core in one epoch, applied at the epoch's end.
struct GMWriteLog {
    struct Entry {
        var addr: UInt64
        var len: Int
        /// The logged bytes (in `writeData` or `atomicData`).
        var data: UnsafeMutableRawPointer
        var buffer: Int32
        var type: UInt8
        /// f32 atomic adds only: `data` holds a bitmap of the non-zero words (one bit per 4 bytes,
        /// `(len / 4 + 7) / 8` bytes) followed by those words alone; the other words add +0.0.
        /// (A band of the MSDA training forward adds mostly zeros: this halves its log.)
        var sparse: Bool = false
        var pc: Int32
    }
    var writes: [Entry] = []
    let writeData = ByteArena()
    var atomics: [Entry] = []
    let atomicData = ByteArena()
    /// Atomic adds to write-only bindings (`RunOptions.writeOnly`): applied in core order while
    /// the epoch still runs (`AtomicStream`), their chunks then recycled through the run's pool.
    var streamed: [Entry] = []
    let streamedData: ByteArena

    init(pool: ChunkPool? = nil) { streamedData = ByteArena(pool: pool) }
    /// Per GM binding: did this core write it this epoch (then reads patch from `writes`).
    var written: [Bool] = []
    /// Per GM binding: the bytes [atomicLo, atomicHi) cover this core's atomic adds to it this
    /// epoch (empty: lo >= hi). A read outside them cannot overlap one, so the exact search of
    /// the atomics log (`Core.ownAtomicOverlap`) runs only for reads inside: a kernel that adds
    /// to one buffer and reads others (the MSDA backward) never pays for it.
    var atomicLo: [UInt64] = []
    var atomicHi: [UInt64] = []

    mutating func reset(bindings: Int) {
        writes.removeAll(keepingCapacity: true)
        writeData.reset()
        atomics.removeAll(keepingCapacity: true)
        atomicData.reset()
        streamed.removeAll(keepingCapacity: true)
        streamedData.recycle()
        if written.count != bindings { written = [Bool](repeating: false, count: bindings) } else {
            for i in written.indices { written[i] = false }
        }
        if atomicLo.count != bindings {
            atomicLo = [UInt64](repeating: .max, count: bindings)
            atomicHi = [UInt64](repeating: 0, count: bindings)
        } else {
            for i in atomicLo.indices { atomicLo[i] = .max; atomicHi[i] = 0 }
        }
    }
}
