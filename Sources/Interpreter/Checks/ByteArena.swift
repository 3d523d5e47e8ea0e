#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Append-only byte storage for the GM write logs: a list of raw chunks that are never moved,
/// so an appended copy keeps its address (log entries point at it) and growing never copies
/// what is already logged. A growing `[UInt8]` copied everything at each doubling and held the
/// old and new buffers at once: for the MSDA training forward, whose stored corners are
/// gigabytes of plain GM writes, that was a quarter of the run and a third of its peak memory.
/// `reset` keeps the chunks for the next epoch; `deinit` frees them. Chunks are mapped pages of
/// their own (mmap), so that freeing one returns its memory to the system at once: the logs of a
/// training forward are gone before the backward kernel runs, whatever malloc's thresholds.
final class ByteArena {
    private var chunks: [UnsafeMutableRawPointer] = []
    private var sizes: [Int] = []
    /// Chunk being filled and bytes used in it.
    private var current = -1
    private var used = 0
    /// Bytes handed out since the last reset.
    private(set) var count = 0

    static let firstChunk = 1 << 20
    static let largestChunk = 64 << 20

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
            let size = max(len, chunks.isEmpty ? ByteArena.firstChunk : min(ByteArena.largestChunk, 2 * sizes[chunks.count - 1]))
            chunks.append(ByteArena.map(size))
            sizes.append(size)
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
}
