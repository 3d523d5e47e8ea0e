import Foundation
import ISA

/// The value bound to one kernel parameter.
public enum KernelArgument: Sendable, Equatable {
    /// A GM buffer: its initial bytes (an output buffer is usually zeros of the right size),
    /// optionally the element type and shape it holds (checked against a typed `.param`, and
    /// carried to the report so outputs can be written back as `.npy`).
    case gm(bytes: [UInt8], elementType: ElementType? = nil, shape: [Int]? = nil)
    /// A GM buffer of `byteCount` zero bytes, bound without building a host array (a large
    /// output buffer costs its GM bytes only). Otherwise exactly `.gm` of that many zeros.
    case zeros(byteCount: Int, elementType: ElementType? = nil, shape: [Int]? = nil)
    /// A GM buffer the run uses in place (`GMBlock`): no copy in, and the kernel's writes land in
    /// the block, which holds the binding's final contents after the run. One parameter of one
    /// run at a time (`args.block-shared`).
    case block(GMBlock, elementType: ElementType? = nil, shape: [Int]? = nil)
    /// An `i64` scalar parameter.
    case int(Int64)
    /// An `f32` scalar parameter.
    case float(Float)
}

/// Name -> value for every parameter of a kernel.
///
/// ```swift
/// var args = KernelArguments()
/// args["x"] = .gm(bytes: xBytes, elementType: .f32, shape: [1024])
/// args["z"] = .zeros(byteCount: 4096, elementType: .f32)
/// args["n"] = .int(1024)
/// ```
public struct KernelArguments: Sendable, Equatable {
    public var values: [String: KernelArgument]
    public init(_ values: [String: KernelArgument] = [:]) { self.values = values }
    public subscript(name: String) -> KernelArgument? {
        get { values[name] }
        set { values[name] = newValue }
    }
}

/// Where a GM parameter was placed: GM addresses the kernel sees through `ldparam`.
public struct GMBinding: Sendable, Equatable {
    public var name: String
    /// First byte (512-byte aligned, >= 4096 so that small addresses fault).
    public var address: UInt64
    public var size: Int
    public var elementType: ElementType?
    public var shape: [Int]?
}

/// How to run a kernel.
public struct RunOptions: Sendable {
    /// Cores running the kernel (`corenum`); nil = all cores of the machine.
    public var cores: Int?
    /// Host threads for the functional phase; nil = all host cores. Results never depend on it.
    public var threads: Int?
    /// Unspecified-behaviour cases become errors (e.g. the 4-byte gather straddling a 32-byte block).
    public var strict: Bool
    /// Race checks (UB shadow state, GM access logs). Off for benchmarks; bounds, alignment,
    /// flags, deadlock and budgets are always checked.
    public var checks: Bool
    /// Instructions per core before `budget.instructions` (a runaway loop).
    public var instructionBudget: Int
    /// Simulated cycles before `budget.cycles`.
    public var cycleBudget: Double
    /// Keep every pipe instruction's start and end for traces (memory grows with the run).
    public var recordTimeline: Bool
    /// The GM parameters whose final contents `RunReport.outputs` holds; nil = every GM
    /// parameter. Names that are not GM parameters of the kernel are ignored. A caller that needs
    /// one output of a large run asks for it alone: each copied parameter costs its size again.
    public var outputNames: Set<String>?
    /// Most bytes the run's GM may take (the bound GM parameters as laid out); above it the run
    /// stops with `gm.size` before allocating anything. nil = `defaultMaxGMBytes`.
    public var maxGMBytes: Int?
    /// GM parameters no core reads during the run (a kernel's outputs): a read of one is an error
    /// (`gm.write-only`), and in exchange their writes skip the epoch's write log. With `checks`
    /// on, plain writes go straight to GM (two cores writing the same bytes in one epoch is
    /// still reported: the access logs are kept), and atomic adds are applied in core order as
    /// soon as every lower core has finished the epoch, so the fp32 sums are the bits the
    /// end-of-epoch commit gives and only a few cores' adds are held at once. Results,
    /// cycles and errors are the same as without the option, for any number of host threads;
    /// the point is memory and time: the MSDA training forward stores gigabytes of corners,
    /// the backward adds gigabytes of gradients. Names that are not GM parameters are ignored.
    public var writeOnly: Set<String>
    /// GM parameters handed out as `RunReport.blocks[name]`, the run's own memory of the buffer,
    /// instead of copied into `RunReport.outputs` (a name here is never in `outputs`). For a
    /// large output that goes on to another run (bound there with `KernelArgument.block`).
    public var blockOutputs: Set<String>
    /// Instructions a core runs per slice when the timing replay runs beside the functional
    /// phase (`Simulator`): small enough that the replay, which needs every core's records up to
    /// the same simulated time, follows closely (48 cores x 32 Ki instructions is a few
    /// milliseconds of host time), large enough that handing out slices costs nothing
    /// measurable. Tests make it small to cut short kernels into many slices.
    package var sliceInstructions = 1 << 15

    /// 100 M per core: the paper-size MSDA kernels execute a few million per core; a runaway loop
    /// on one core stops within about a second in a release build.
    public static let defaultInstructionBudget = 100_000_000
    public static let defaultCycleBudget: Double = 1e11
    /// 3/4 of the host's physical memory: GM is one host allocation, and a run also needs its
    /// write logs and the outputs copied back, so a GM near the whole memory cannot finish.
    public static var defaultMaxGMBytes: Int {
        Int(min(ProcessInfo.processInfo.physicalMemory / 4 * 3, UInt64(Int.max)))
    }

    public init(cores: Int? = nil, threads: Int? = nil, strict: Bool = false, checks: Bool = true,
                instructionBudget: Int = RunOptions.defaultInstructionBudget,
                cycleBudget: Double = RunOptions.defaultCycleBudget, recordTimeline: Bool = false,
                outputNames: Set<String>? = nil, maxGMBytes: Int? = nil, writeOnly: Set<String> = [],
                blockOutputs: Set<String> = []) {
        self.cores = cores
        self.threads = threads
        self.strict = strict
        self.checks = checks
        self.instructionBudget = instructionBudget
        self.cycleBudget = cycleBudget
        self.recordTimeline = recordTimeline
        self.outputNames = outputNames
        self.maxGMBytes = maxGMBytes
        self.writeOnly = writeOnly
        self.blockOutputs = blockOutputs
    }
}
