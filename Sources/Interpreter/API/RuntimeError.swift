import ISA

/// A runtime error: the kernel broke a rule of the machine. Deterministic: the same error,
/// location and numbers whatever the host thread count.
public struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Stable id tests match, e.g. `ub.bounds`, `race.ub`, `flag.double-set`, `deadlock`.
    public var id: String
    /// What went wrong, with the numbers involved.
    public var message: String
    /// Core index, or nil for errors of the whole run (argument binding, sync_all mismatch).
    public var core: Int?
    /// Pipe that executed the failing instruction.
    public var pipe: Pipe?
    /// Instruction index.
    public var pc: Int?
    /// `file:line:col` of `pc` (or `pc N` without debug info).
    public var location: String?
    /// Instructions the core had executed (functional phase) when the error happened.
    public var instructionCount: Int?
    /// Simulated cycle (timing phase errors).
    public var cycle: Double?
    /// GM or UB byte addresses involved.
    public var addresses: [UInt64]
    /// Follow-up lines, e.g. "other access at kernel.asm:12:5".
    public var notes: [String]

    public init(id: String, message: String, core: Int? = nil, pipe: Pipe? = nil, pc: Int? = nil, location: String? = nil,
                instructionCount: Int? = nil, cycle: Double? = nil, addresses: [UInt64] = [], notes: [String] = []) {
        self.id = id
        self.message = message
        self.core = core
        self.pipe = pipe
        self.pc = pc
        self.location = location
        self.instructionCount = instructionCount
        self.cycle = cycle
        self.addresses = addresses
        self.notes = notes
    }

    /// `LOCATION: error: MESSAGE [ID] (core C, pipe P, ...)` plus notes, one per line.
    public var description: String {
        var s = "\(location ?? "<run>"): error: \(message) [\(id)]"
        var ctx: [String] = []
        if let c = core { ctx.append("core \(c)") }
        if let p = pipe { ctx.append("pipe \(p.name)") }
        if let n = instructionCount { ctx.append("after \(n) instructions") }
        if let c = cycle { ctx.append("cycle \(Int(c.rounded(.up)))") }
        if !ctx.isEmpty { s += " (" + ctx.joined(separator: ", ") + ")" }
        for n in notes { s += "\n  note: \(n)" }
        return s
    }
}
