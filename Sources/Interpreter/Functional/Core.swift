import ISA
import Synchronization

/// One vector core during the functional phase: registers, UB, pipe queues, flags, checks and
/// the issue-record stream for the timing phase. Each core is touched by one host thread at a
/// time; cores never share mutable state during an epoch.
final class Core: @unchecked Sendable {
    enum Status { case running, atSyncAll, ended, failed }

    let index: Int
    let ctx: RunContext
    let ubBytes: Int
    let regs: UnsafeMutablePointer<Int64>
    let ub: UnsafeMutableRawPointer
    /// Scratch space (three UB sizes) for source operands that overlap their destination.
    let scratch: UnsafeMutableRawPointer
    // The mutable state the instruction loop touches on every instruction is exempt from the
    // dynamic exclusivity checks (`@exclusivity(unchecked)`): a core is only ever used by one
    // host thread at a time and no access to these overlaps another (the code never passes
    // them inout across a call that reads them), and the checks, a thread-local access set
    // updated per access, were about 4% of the paper forward's CPU.
    @exclusivity(unchecked) var pc = 0
    @exclusivity(unchecked) var status = Status.running
    var error: RuntimeError?
    @exclusivity(unchecked) var executed = 0
    /// Executed instructions by opcode (256 entries; a raw buffer: counted on every instruction).
    let opcodeCounts: UnsafeMutablePointer<UInt64>
    /// Scalar-unit cycles by pc (the S column of `--profile`), or nil unless the run records a
    /// timeline: the scalar unit's own cost is known in the functional phase, so no timing needed.
    let scalarByPC: UnsafeMutablePointer<Double>?

    /// Queues of V, MTE2, MTE3 (index = pipe - 1).
    let queues: UnsafeMutablePointer<PipeQueue>
    @exclusivity(unchecked) var flags = [Bool](repeating: false, count: 128)
    @exclusivity(unchecked) var flagClock = [SIMD4<UInt32>](repeating: .zero, count: 128)
    @exclusivity(unchecked) var flagPC = [Int32](repeating: -1, count: 128)

    let records = RecordLog()
    /// The 512-byte atomic regions of each atomic record (`IssueRecord.regionStart`).
    let regionLog = RunLog<UInt32>()
    /// Records before this index are final (their instructions have executed): what the timing
    /// replay may read while the core still runs (`Simulator`'s overlapped phases).
    let published = Atomic<Int>(0)
    /// No record will follow `published` (the core ended or failed).
    let finished = Atomic<Bool>(false)
    /// GM request spans of DMA records, pairs of (start, end) bytes (`IssueRecord.spanStart`);
    /// recorded only when the machine has an L2 (`recordSpans`).
    let spanLog = RunLog<UInt64>()
    /// The current DMA instruction's regions and spans, before they go to the logs as one run.
    @exclusivity(unchecked) var regionScratch: [UInt32] = []
    @exclusivity(unchecked) var spanScratch: [UInt64] = []
    let recordSpans: Bool
    @exclusivity(unchecked) var pendingScalar: Double = 0

    let race: UBRaceChecker?
    @exclusivity(unchecked) var gmRace: GMPipeRaceChecker?
    @exclusivity(unchecked) var gmReads = IntervalLog()
    @exclusivity(unchecked) var gmWrites = IntervalLog()
    @exclusivity(unchecked) var gmAtomics = IntervalLog()
    @exclusivity(unchecked) var wlog: GMWriteLog

    init(index: Int, ctx: RunContext) {
        self.index = index
        self.ctx = ctx
        wlog = GMWriteLog(pool: ctx.atomicStream.pool)
        ubBytes = ctx.machine.ubBytes
        recordSpans = ctx.machine.l2Lines > 0
        opcodeCounts = .allocate(capacity: 256)
        opcodeCounts.initialize(repeating: 0, count: 256)
        if ctx.options.recordTimeline {
            let p = UnsafeMutablePointer<Double>.allocate(capacity: max(1, ctx.code.count))
            p.initialize(repeating: 0, count: max(1, ctx.code.count))
            scalarByPC = p
        } else {
            scalarByPC = nil
        }
        regs = .allocate(capacity: Register.count)
        regs.initialize(repeating: 0, count: Register.count)
        ub = .allocate(byteCount: ubBytes, alignment: 64)
        ub.initializeMemory(as: UInt8.self, repeating: 0, count: ubBytes)
        scratch = .allocate(byteCount: 3 * ubBytes, alignment: 64)
        queues = .allocate(capacity: 3)
        for q in 0..<3 { (queues + q).initialize(to: PipeQueue(capacity: ctx.machine.queueDepth)) }
        if ctx.options.checks {
            race = UBRaceChecker(ubBytes: ubBytes)
            gmRace = GMPipeRaceChecker(use: ctx.gmPipeUse)
        } else {
            race = nil
        }
        wlog.reset(bindings: ctx.gm.bindings.count)
    }

    /// Drops the (committed, empty) GM write logs and their capacity once the functional phase
    /// is over: they grew to everything the core wrote in its largest epoch.
    func releaseEpochLogs() {
        wlog = GMWriteLog(pool: ctx.atomicStream.pool)
        gmReads = IntervalLog()
        gmWrites = IntervalLog()
        gmAtomics = IntervalLog()
    }

    deinit {
        for q in 0..<3 { queues[q].release() }
        queues.deallocate()
        opcodeCounts.deallocate()
        scalarByPC?.deallocate()
        regs.deallocate()
        ub.deallocate()
        scratch.deallocate()
    }

    // MARK: Errors (never inlined: the hot path only sees a Bool)

    /// Records the first error of this core and returns false.
    @inline(never)
    func fail(_ id: String, _ message: String, pc: Int32, pipe: UInt8, addresses: [UInt64] = [], notes: [String] = []) -> Bool {
        if error == nil {
            error = RuntimeError(id: id, message: message, core: index, pipe: Pipe(rawValue: pipe), pc: Int(pc),
                                 location: ctx.location(Int(pc)), instructionCount: executed, addresses: addresses, notes: notes)
        }
        status = .failed
        ctx.lowestFailedCore.min(index, ordering: .relaxed)
        return false
    }

    // MARK: UB access

    /// Checks that [addr, addr + len) lies in the UB and addr is `align`-aligned.
    @inline(__always)
    func checkUB(_ addr: Int64, _ len: Int, align: Int, _ op: DecodedInstruction, _ what: String) -> Bool {
        if addr < 0 || addr > Int64(ubBytes) || Int64(len) > Int64(ubBytes) - addr || len < 0 {
            return ubBoundsError(addr, len, op, what)
        }
        if align > 1 && addr % Int64(align) != 0 { return ubAlignError(addr, align, op, what) }
        return true
    }

    @inline(never)
    func ubBoundsError(_ addr: Int64, _ len: Int, _ op: DecodedInstruction, _ what: String) -> Bool {
        // Wrapping end: the address may be anything a register holds (e.g. near 2^63).
        fail("ub.bounds", "\(mnemonic(op)): \(what) UB bytes [\(addr), \(addr &+ Int64(len))) are outside the UB (0..<\(ubBytes))",
             pc: op.pc, pipe: op.pipe, addresses: [UInt64(bitPattern: addr)])
    }

    @inline(never)
    func ubAlignError(_ addr: Int64, _ align: Int, _ op: DecodedInstruction, _ what: String) -> Bool {
        fail("ub.align", "\(mnemonic(op)): \(what) UB address \(addr) is not \(align)-byte aligned",
             pc: op.pc, pipe: op.pipe, addresses: [UInt64(bitPattern: addr)])
    }

    /// Race-checks an access of the UB by `pipe`.
    @inline(__always)
    func touch(_ pipe: UInt8, _ addr: Int64, _ len: Int, write: Bool, _ op: DecodedInstruction) -> Bool {
        if race == nil { return true }
        if let r = race!.access(pipe: Int(pipe), addr: Int(addr), len: len, write: write, pc: op.pc) {
            return raceError(r, addr: addr, op)
        }
        return true
    }

    @inline(never)
    func raceError(_ r: UBRaceChecker.Race, addr: Int64, _ op: DecodedInstruction) -> Bool {
        let lo = r.granule * UBRaceChecker.granule
        let kinds = (r.otherWrite ? "write" : "read", r.write ? "write" : "read")
        return fail("race.ub",
                    "\(mnemonic(op)) in \(ISAPipeName(Int(op.pipe))) \(kinds.1)s UB bytes [\(lo), \(lo + 32)) while an unordered \(kinds.0) by \(ISAPipeName(r.otherPipe)) may still run: add set_flag/wait_flag between them",
                    pc: op.pc, pipe: op.pipe, addresses: [UInt64(lo)],
                    notes: ["the \(kinds.0) in \(ISAPipeName(r.otherPipe)) is at \(ctx.location(Int(r.otherPC)))"])
    }

    /// Every pipe is drained (pipe_barrier(ALL), sync_all, end): every access is ordered.
    func joinAllPipes() {
        race?.joinAll()
        gmRace?.clear()
    }

    func mnemonic(_ op: DecodedInstruction) -> String { (Opcode(op.opcode).spec?.mnemonic ?? "?") + (TypeSuffix(byte: op.suffix)?.description ?? "") }

    // MARK: Records

    /// Publishes the final records for the timing replay: those before the oldest instruction
    /// still in a pipe queue (a record's cost fields are filled in when its instruction
    /// executes; pipes run in order, so the oldest queued one bounds them all). With
    /// `done`, the core stopped for good: everything is published and `finished` is set.
    func publish(done: Bool = false) {
        var w = records.count
        if !done { for q in 0..<3 where !queues[q].isEmpty { w = Swift.min(w, Int(queues[q].first.record)) } }
        published.store(w, ordering: .releasing)
        if done { finished.store(true, ordering: .releasing) }
    }

    @inline(__always)
    func issue(_ kind: IssueRecord.Kind, pipe: UInt8, pc: Int32) -> Int32 {
        var r = IssueRecord()
        r.kind = kind
        r.pipe = pipe
        r.pc = pc
        r.scalarDelta = pendingScalar
        pendingScalar = 0
        records.append(r)
        return Int32(records.count - 1)
    }
}
