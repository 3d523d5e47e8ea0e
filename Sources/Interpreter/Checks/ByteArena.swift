#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Append-only byte storage for the GM write logs: a list of raw chunks that are never moved,
/// so an appended copy keeps its address (log entries point at it) and growing never copies
/// what is already logged. A growing `[UInt8]` copied everything at each doubling and held the
/// old and new buffers at once: for the MSDA training forward, whose stored corners are
/// gigabytes of plain GM writes, that was a quarter of the run and a third of its peak memory.
/// `reset` keeps the chunks for the next epoch; `deinit` frees them. Chunks are mapped pages of
/// their own (mmap), so that freeing one returns its memory to the system at once: the logs of a
/// training forward are gone before the backward kernel runs, whatever malloc's thresholds.
final class ByteArena {
    /// Where `recycle` gives the chunks and a growing arena looks first (nil: always map).
    let pool: ChunkPool?
    private var chunks: [UnsafeMutableRawPointer] = []
    private var sizes: [Int] = []
    /// Chunk being filled and bytes used in it.
    private var current = -1
    private var used = 0
    /// Bytes handed out since the last reset.
    private(set) var count = 0

    static let firstChunk = 1 << 20
    static let largestChunk = 64 << 20

    init(pool: ChunkPool? = nil) { self.pool = pool }

    deinit { for (c, n) in zip(chunks, sizes) { munmap(c, n) } }

    /// `len` bytes of storage (uninitialised), valid until `reset` or deinit.
    @inline(__always) func reserve(_ len: Int) -> UnsafeMutableRawPointer {
        if current >= 0 && used + len <= sizes[current] {
            let p = chunks[current] + used
            used += len
            count += len
            return p
        }
        return reserveSlow(len)
    }

    /// A copy of `len` bytes at `src`.
    @inline(__always) func append(_ src: UnsafeRawPointer, _ len: Int) -> UnsafeMutableRawPointer {
        let p = reserve(len)
        p.copyMemory(from: src, byteCount: len)
        return p
    }

    /// Moves on to the next kept chunk that fits, or allocates one (twice the last, up to
    /// `largestChunk`, or `len` if larger).
    @inline(never) private func reserveSlow(_ len: Int) -> UnsafeMutableRawPointer {
        var next = current + 1
        while next < chunks.count && sizes[next] < len { next += 1 }
        if next >= chunks.count {
            if let (p, size) = pool?.take(atLeast: len) {
                chunks.append(p)
                sizes.append(size)
            } else {
                let size = max(len, chunks.isEmpty ? ByteArena.firstChunk : min(ByteArena.largestChunk, 2 * sizes[chunks.count - 1]))
                chunks.append(ByteArena.map(size))
                sizes.append(size)
            }
            next = chunks.count - 1
        }
        current = next
        used = len
        count += len
        return chunks[current]
    }

    /// `size` bytes of fresh zero pages; stops the process if the system has none (as a failed
    /// `allocate` does).
    private static func map(_ size: Int) -> UnsafeMutableRawPointer {
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else {
            fatalError("ByteArena: out of memory mapping \(size) bytes for the GM write log")
        }
        return p
    }

    /// Forgets the contents, keeping the chunks.
    func reset() {
        current = chunks.isEmpty ? -1 : 0
        used = 0
        count = 0
    }

    /// Forgets the contents and gives the chunks to the pool (frees them without one).
    func recycle() {
        for (c, n) in zip(chunks, sizes) {
            if let pool { pool.give(c, n) } else { munmap(c, n) }
        }
        chunks.removeAll(keepingCapacity: true)
        sizes.removeAll(keepingCapacity: true)
        current = -1
        used = 0
        count = 0
    }
}

/// Log chunks handed back by arenas whose contents were consumed (`ByteArena.recycle`), for the
/// other arenas of the same run: their pages are already faulted in and zeroed once, so a core
/// that logs after another core's log was applied pays no page faults. (The MSDA backward's
/// atomic adds, gigabytes in one epoch, then go through a few cores' worth of pages instead of
/// fresh zero pages for all of them: the kernel's page clearing was a tenth of its profile.)
/// Freed when the pool goes (with its run).
final class ChunkPool: @unchecked Sendable {
    private struct Chunk { var address: UInt; var size: Int }
    /// Guards `free` (an NSLock: see `AtomicStream`).
    private let lock = NSLock()
    private var free: [Chunk] = []

    deinit {
        for c in free { munmap(UnsafeMutableRawPointer(bitPattern: c.address), c.size) }
    }

    /// A pooled chunk of at least `len` bytes (the largest there is), or nil.
    func take(atLeast len: Int) -> (UnsafeMutableRawPointer, Int)? {
        lock.withLock { () -> (UnsafeMutableRawPointer, Int)? in
            var best = -1
            for (i, c) in free.enumerated() where c.size >= len && (best < 0 || c.size > free[best].size) { best = i }
            if best < 0 { return nil }
            let c = free.remove(at: best)
            return (UnsafeMutableRawPointer(bitPattern: c.address)!, c.size)
        }
    }

    func give(_ p: UnsafeMutableRawPointer, _ size: Int) {
        lock.withLock { free.append(Chunk(address: UInt(bitPattern: p), size: size)) }
    }
}

/// Page-level helpers for the large buffers of a run (GM, the write logs).
///
/// (Asking for transparent huge pages with `madvise(MADV_HUGEPAGE)` was tried: on the 2-CPU
/// machine it doubled the system time of the MSDA backward, the kernel compacting memory on
/// faults, so it is not done.)
enum PageMapping {
    /// `size` bytes of zero pages (at least one page), or nil if the system refuses.
    static func zeroed(_ size: Int) -> UnsafeMutableRawPointer? {
        guard let p = mmap(nil, max(size, 1), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED else { return nil }
        return p
    }

    /// Asks the system to back the pages of [p, p + len) with writable memory now, in one call
    /// (Linux `madvise(MADV_POPULATE_WRITE)`, 5.14 and later; elsewhere, or if refused, nothing
    /// happens). For read-modify-write passes over fresh pages, the atomic adds of a commit: their
    /// first load maps the shared zero page, and the store then takes a second, copy-on-write
    /// fault whose TLB flush interrupts the other CPUs (expensive in a virtual machine: it was
    /// a tenth of the system time of the MSDA training forward at paper size).
    static func prepareForWrite(_ p: UnsafeMutableRawPointer, _ len: Int) {
        #if os(Linux)
        let page = 4096
        let start = Int(bitPattern: p) & ~(page - 1)
        let end = (Int(bitPattern: p) + len + page - 1) & ~(page - 1)
        if end > start, let q = UnsafeMutableRawPointer(bitPattern: start) {
            _ = madvise(q, end - start, 23)  // MADV_POPULATE_WRITE
        }
        #endif
    }
}
