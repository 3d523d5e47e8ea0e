import Foundation
import ISA

/// The end of an epoch: every core's logged GM writes land in core order, then every atomic
/// add in core order and, within a core, program order. fp32 sums therefore come out the same
/// on every run and with any number of host threads. (Adds to write-only bindings have already
/// landed, in the same order, through `AtomicStream`.)
enum EpochCommit {
    static func apply(_ cores: [Core], gm: GlobalMemory) {
        for c in cores {
            for e in c.wlog.writes { gm.pointer(e.addr, in: Int(e.buffer)).copyMemory(from: e.data, byteCount: e.len) }
        }
        for c in cores { applyAtomics(c.wlog.atomics, gm: gm) }
        for c in cores {
            c.wlog.reset(bindings: gm.bindings.count)
            c.gmReads.removeAll()
            c.gmWrites.removeAll()
            c.gmAtomics.removeAll()
        }
    }

    /// Adds logged atomic adds to GM in their order.
    static func applyAtomics(_ entries: [GMWriteLog.Entry], gm: GlobalMemory) {
        prepareTargets(entries, gm: gm)
        for e in entries {
            if e.sparse { addSparse(gm.pointer(e.addr, in: Int(e.buffer)), e.data, e.len) }
            else { add(gm.pointer(e.addr, in: Int(e.buffer)), e.data, e.len, ElementType(rawValue: e.type) ?? .f32) }
        }
    }

    /// Makes the pages the adds will land in writable in one system call per binding
    /// (`PageMapping.prepareForWrite`), where the adds cover a good part of the range between
    /// their lowest and highest byte (at least a quarter, or the range is at most 1 MiB): a
    /// kernel adding to both ends of a huge buffer must not make it all resident.
    static func prepareTargets(_ entries: [GMWriteLog.Entry], gm: GlobalMemory) {
        if entries.count < 16 { return }
        let n = gm.bindings.count
        var lo = [UInt64](repeating: .max, count: n), hi = [UInt64](repeating: 0, count: n), bytes = [Int](repeating: 0, count: n)
        for e in entries {
            let b = Int(e.buffer)
            lo[b] = min(lo[b], e.addr)
            hi[b] = max(hi[b], e.addr + UInt64(e.len))
            bytes[b] += e.len
        }
        for b in 0..<n where hi[b] > lo[b] {
            let span = Int(hi[b] - lo[b])
            if span <= 1 << 20 || span <= 4 * bytes[b] { PageMapping.prepareForWrite(gm.pointer(lo[b], in: b), span) }
        }
    }

    /// `add` of f32 addends logged sparse: a bitmap of the non-zero words, then those words.
    /// A zero word is added as +0.0, exactly as the dense form adds it (-0.0 becomes +0.0).
    static func addSparse(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ len: Int) {
        let words = len / 4
        var next = src + (words + 7) / 8
        for i in 0..<words {
            var v: Float = 0
            if src.load(fromByteOffset: i >> 3, as: UInt8.self) & UInt8(1 << (i & 7)) != 0 {
                v = Float(bitPattern: next.loadUnaligned(as: UInt32.self))
                next += 4
            }
            dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: 4 * i, as: Float.self) + v, toByteOffset: 4 * i, as: Float.self)
        }
    }

    /// dst[i] += src[i] element-wise: f32 in f32, f16 in f32 rounded once to f16, i32 wrapping.
    static func add(_ dst: UnsafeMutableRawPointer, _ src: UnsafeRawPointer, _ len: Int, _ t: ElementType) {
        switch t {
        case .f32:
            for i in stride(from: 0, to: len, by: 4) {
                dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: i, as: Float.self) + src.loadUnaligned(fromByteOffset: i, as: Float.self), toByteOffset: i, as: Float.self)
            }
        case .f16:
            for i in stride(from: 0, to: len, by: 2) {
                let v = Half.toFloat(dst.loadUnaligned(fromByteOffset: i, as: UInt16.self)) + Half.toFloat(src.loadUnaligned(fromByteOffset: i, as: UInt16.self))
                dst.storeBytes(of: Half.fromFloat(v, .rn), toByteOffset: i, as: UInt16.self)
            }
        default:
            for i in stride(from: 0, to: len, by: 4) {
                dst.storeBytes(of: dst.loadUnaligned(fromByteOffset: i, as: UInt32.self) &+ src.loadUnaligned(fromByteOffset: i, as: UInt32.self), toByteOffset: i, as: UInt32.self)
            }
        }
    }
}

/// The atomic adds to write-only GM bindings (`RunOptions.writeOnly`), applied while an epoch
/// runs: core k's land as soon as it has finished the epoch and cores 0..<k have landed theirs,
/// so each address receives its addends in core order and, within a core, program order, the
/// order `EpochCommit` uses. No core reads those bindings during the run (a read is an error) and
/// an add overlapping a plain write or read is reported at the epoch's end, so landing early
/// cannot change what any core computes; it only means a few cores' adds are held at once
/// instead of the whole epoch's (gigabytes in the MSDA backward), and their log chunks go back
/// to the pool for the cores still running.
final class AtomicStream: @unchecked Sendable {
    // Guarded by `lock` (an NSLock, a pthread mutex: the thread sanitizer sees its ordering,
    // which it does not for the futex of Synchronization.Mutex).
    private let lock = NSLock()
    private var done: [Bool]
    private var next = 0
    private var applying = false
    let pool = ChunkPool()

    init(coreCount: Int) { done = [Bool](repeating: false, count: coreCount) }

    /// Starts an epoch: cores not running in it (ended) count as finished.
    func begin(_ cores: [Core]) {
        lock.withLock {
            for c in cores { done[c.index] = c.status != .running }
            next = 0
            applying = false
        }
        land(cores)
    }

    /// Core `k` has finished the epoch (reached sync_all, ended or failed): lands every finished
    /// core's adds in order, unless another thread is doing it (it then sees `k` too).
    func finished(_ k: Int, _ cores: [Core]) {
        lock.withLock { done[k] = true }
        land(cores)
    }

    private func land(_ cores: [Core]) {
        let claimed = lock.withLock { () -> Bool in
            if applying { return false }
            applying = true
            return true
        }
        if !claimed { return }
        while true {
            let k = lock.withLock { () -> Int in
                if next < done.count && done[next] { next += 1; return next - 1 }
                applying = false
                return -1
            }
            if k < 0 { return }
            let c = cores[k]
            if !c.wlog.streamed.isEmpty {
                EpochCommit.applyAtomics(c.wlog.streamed, gm: c.ctx.gm)
                c.wlog.streamed.removeAll(keepingCapacity: true)
                c.wlog.streamedData.recycle()
            }
        }
    }
}
