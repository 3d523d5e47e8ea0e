import ISA

/// Everything the cores of one run share and never modify during an epoch.
final class RunContext: @unchecked Sendable {
    let program: Program
    let code: [DecodedInstruction]
    let machine: Machine
    let options: RunOptions
    let gm: GlobalMemory
    /// Value of each parameter as `ldparam` returns it (GM address, integer, or f32 bits).
    let paramValues: [Int64]
    let coreCount: Int

    init(program: Program, code: [DecodedInstruction], machine: Machine, options: RunOptions, gm: GlobalMemory,
         paramValues: [Int64], coreCount: Int) {
        self.program = program
        self.code = code
        self.machine = machine
        self.options = options
        self.gm = gm
        self.paramValues = paramValues
        self.coreCount = coreCount
    }

    func location(_ pc: Int) -> String { program.debug.describe(pc: pc) }
}

/// A pipe's in-order queue of issued, not yet executed instructions (a ring buffer).
struct PipeQueue {
    var items: [DecodedInstruction]
    var head = 0
    var count = 0
    init(capacity: Int) { items = [DecodedInstruction](repeating: DecodedInstruction(), count: max(capacity, 1)) }
    var isFull: Bool { count == items.count }
    var isEmpty: Bool { count == 0 }
    @inline(__always) var first: DecodedInstruction { items[head] }
    @inline(__always) mutating func push(_ d: DecodedInstruction) {
        var i = head + count
        if i >= items.count { i -= items.count }
        items[i] = d
        count += 1
    }
    @inline(__always) mutating func pop() -> DecodedInstruction {
        let d = items[head]
        head += 1
        if head == items.count { head = 0 }
        count -= 1
        return d
    }
}
