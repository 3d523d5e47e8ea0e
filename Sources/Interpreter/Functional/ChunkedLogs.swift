#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A table of chunk pointers that never moves: at most `capacity` chunks, the table's zeroed
/// pages handed out lazily by `calloc` (a run that uses few chunks touches one page of it, and
/// the leak checker, which does not look inside `mmap`ed memory, sees the chunk pointers). Never
/// moving is what lets the timing replay read a core's logs while the core's host thread appends
/// to them (`Simulator`'s overlapped phases): a growing array would reallocate under the reader.
/// A class with a `let` table, so that reading through it needs no exclusivity check or copy.
final class ChunkTable<T> {
    static var capacity: Int { 1 << 17 }
    let slots: UnsafeMutablePointer<UnsafeMutablePointer<T>?>
    private(set) var count = 0

    init() {
        guard let p = calloc(ChunkTable.capacity, MemoryLayout<UnsafeMutablePointer<T>?>.stride) else {
            fatalError("out of memory for a chunk table of \(ChunkTable.capacity) entries")
        }
        slots = p.bindMemory(to: UnsafeMutablePointer<T>?.self, capacity: ChunkTable.capacity)
    }

    deinit {
        for i in 0..<count { slots[i]?.deallocate() }
        free(UnsafeMutableRawPointer(slots))
    }

    func add(_ capacity: Int) {
        precondition(count < ChunkTable.capacity, "a core's log passed \(ChunkTable.capacity) chunks")
        slots[count] = .allocate(capacity: capacity)
        count += 1
    }
}

/// One core's issue records, in chunks of 2^14 that never move: appending never copies what is
/// recorded, and the memory is touched once. (A growing array copied everything at each doubling
/// into fresh pages and freed the old block: at paper size, tens of millions of records per run,
/// the copies, the page faults and the unmapping's cross-CPU TLB flushes were seconds of the
/// MSDA training forward, and the old and new blocks were alive at once.)
final class RecordLog {
    static let shift = 14
    static let chunk = 1 << shift
    let table = ChunkTable<IssueRecord>()
    private(set) var count = 0

    @inline(__always) func append(_ r: IssueRecord) {
        if count & (RecordLog.chunk - 1) == 0 && count >> RecordLog.shift == table.count { table.add(RecordLog.chunk) }
        (table.slots[count >> RecordLog.shift].unsafelyUnwrapped + (count & (RecordLog.chunk - 1))).initialize(to: r)
        count += 1
    }

    /// Record `i` (0 <= i < count), read and written in place.
    @inline(__always) subscript(i: Int) -> IssueRecord {
        unsafeAddress { UnsafePointer(table.slots[i >> RecordLog.shift].unsafelyUnwrapped + (i & (RecordLog.chunk - 1))) }
        unsafeMutableAddress { table.slots[i >> RecordLog.shift].unsafelyUnwrapped + (i & (RecordLog.chunk - 1)) }
    }
}

/// Runs of values (a DMA record's GM spans, an atomic record's regions), each run contiguous,
/// in chunks that never move. A run is found by its position: chunk << 16 | offset (32 bits).
/// A run longer than a chunk gets a chunk of its own.
final class RunLog<T> {
    static var shift: Int { 16 }
    static var chunk: Int { 1 << shift }
    let table = ChunkTable<T>()
    /// Values used in the last chunk.
    private var used = 0

    /// Appends `run` and returns its position.
    func append(_ run: UnsafeBufferPointer<T>) -> UInt32 {
        let n = run.count
        if n == 0 { return 0 }
        if n > RunLog.chunk {
            table.add(n)
            used = RunLog.chunk  // full: the next run starts a chunk
        } else if table.count == 0 || used + n > RunLog.chunk {
            table.add(RunLog.chunk)
            used = 0
        }
        let k = table.count - 1
        precondition(k < 1 << (32 - RunLog.shift), "a core's run log passed \(1 << (32 - RunLog.shift)) chunks")
        let offset = n > RunLog.chunk ? 0 : used
        (table.slots[k].unsafelyUnwrapped + offset).initialize(from: run.baseAddress!, count: n)
        if n <= RunLog.chunk { used += n }
        return UInt32(truncatingIfNeeded: k << RunLog.shift | offset)
    }
}

/// A core's records as the timing replay reads them: the chunk table's slots (which never move
/// and outlive the replay), so that reading a record costs no reference counting.
struct RecordView {
    let slots: UnsafeMutablePointer<UnsafeMutablePointer<IssueRecord>?>
    init(_ log: RecordLog) { slots = log.table.slots }
    @inline(__always) subscript(i: Int) -> IssueRecord {
        slots[i >> RecordLog.shift].unsafelyUnwrapped[i & (RecordLog.chunk - 1)]
    }
}

/// A core's runs (`RunLog`) as the timing replay reads them, without reference counting (see
/// `RecordView`).
struct RunView<T> {
    let slots: UnsafeMutablePointer<UnsafeMutablePointer<T>?>
    init(_ log: RunLog<T>) { slots = log.table.slots }
    @inline(__always) func run(_ position: UInt32, _ count: Int) -> UnsafeBufferPointer<T> {
        if count == 0 { return UnsafeBufferPointer(start: nil, count: 0) }
        let p = Int(position)
        return UnsafeBufferPointer(start: slots[p >> RunLog<T>.shift].unsafelyUnwrapped + (p & (RunLog<T>.chunk - 1)), count: count)
    }
}
