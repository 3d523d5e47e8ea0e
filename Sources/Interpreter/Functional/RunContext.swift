import Synchronization
import ISA

/// Everything the cores of one run share and never modify during an epoch.
final class RunContext: @unchecked Sendable {
    /// Lowest index of a core that has failed in this run (Int.max while none has). A core
    /// whose index is higher stops early: the run reports the lowest failing core's error, so
    /// stopping cores above it changes nothing but the time a doomed run takes (48 runaway
    /// loops no longer run 48 budgets).
    let lowestFailedCore = Atomic<Int>(Int.max)
    let program: Program
    let code: [DecodedInstruction]
    let machine: Machine
    let options: RunOptions
    let gm: GlobalMemory
    /// Value of each parameter as `ldparam` returns it (GM address, integer, or f32 bits).
    let paramValues: [Int64]
    let coreCount: Int
    /// Which pipes of the program touch GM (for the GM pipe race logs).
    let gmPipeUse: GMPipeUse
    /// Per opcode: the table's ranges of operands 2...5 (count, len/bytes, srcgap, dstgap of a
    /// block copy), which register operands must meet too; looked up here once, not per DMA.
    let blockCopyLimits: [OperandLimits]
    /// Per GM binding: named in `RunOptions.writeOnly` (reads fail; writes skip the log).
    let writeOnly: [Bool]
    /// Plain writes to a write-only binding go straight to GM: only with the cross-core checks
    /// on, which report two cores writing the same bytes (the one case where the order of the
    /// host threads' stores could show).
    let directWrites: Bool
    /// Applies the write-only bindings' atomic adds in core order during the epoch.
    let atomicStream: AtomicStream

    init(program: Program, code: [DecodedInstruction], machine: Machine, options: RunOptions, gm: GlobalMemory,
         paramValues: [Int64], coreCount: Int) {
        self.program = program
        self.code = code
        self.machine = machine
        self.options = options
        self.gm = gm
        self.paramValues = paramValues
        self.coreCount = coreCount
        gmPipeUse = GMPipeUse(code: code)
        blockCopyLimits = (0..<256).map { OperandLimits(Opcode(UInt8($0)).spec) }
        writeOnly = gm.bindings.map { options.writeOnly.contains($0.name) }
        directWrites = options.checks
        atomicStream = AtomicStream(coreCount: coreCount)
    }

    func location(_ pc: Int) -> String { program.debug.describe(pc: pc) }
}

/// A pipe's in-order queue of issued, not yet executed instructions (a ring buffer over raw
/// storage: pushed and popped for every pipe instruction, so no copy-on-write checks). The owner
/// calls `release()` once.
struct PipeQueue {
    let items: UnsafeMutablePointer<DecodedInstruction>
    let capacity: Int
    var head = 0
    var count = 0
    init(capacity c: Int) {
        capacity = max(c, 1)
        items = .allocate(capacity: capacity)
        items.initialize(repeating: DecodedInstruction(), count: capacity)
    }
    func release() { items.deallocate() }
    var isFull: Bool { count == capacity }
    var isEmpty: Bool { count == 0 }
    @inline(__always) var first: DecodedInstruction { items[head] }
    @inline(__always) mutating func push(_ d: DecodedInstruction) {
        var i = head + count
        if i >= capacity { i -= capacity }
        items[i] = d
        count += 1
    }
    @inline(__always) mutating func pop() -> DecodedInstruction {
        let d = items[head]
        head += 1
        if head == capacity { head = 0 }
        count -= 1
        return d
    }
}

/// The table's value ranges of operands 2...5 of one opcode (unbounded where it has none).
struct OperandLimits {
    var lo = SIMD4<Int64>(repeating: .min)
    var hi = SIMD4<Int64>(repeating: .max)

    init(_ spec: OpcodeSpec?) {
        guard let spec else { return }
        for k in 2...5 where k < spec.operands.count {
            if let r = spec.operands[k].range { lo[k - 2] = r.lowerBound; hi[k - 2] = r.upperBound }
        }
    }

    /// The first of operands 2...5 outside its range, or nil.
    @inline(__always) func violation(_ v: SIMD4<Int64>) -> Int? {
        if all(v .>= lo .& v .<= hi) { return nil }
        for k in 0..<4 where v[k] < lo[k] || v[k] > hi[k] { return k + 2 }
        return nil
    }
}
