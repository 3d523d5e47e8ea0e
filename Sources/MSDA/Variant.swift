import Interpreter

/// The three MSDA designs compared on the machine model (brief/kernel-strategies.md).
public enum MSDADesign: String, Sendable, CaseIterable {
    /// The UB-gather design of the xMSDA paper (`MSDAForward`, `MSDABackward`).
    case xmsda
    /// One DMA per sample point, as the Ascend operator does (`MSDAVendor`).
    case vendor
    /// The PyTorch grid-sample path: several kernels, intermediates in GM (`MSDABaseline`).
    case baseline

    public var title: String {
        switch self {
        case .xmsda: "xMSDA (UB gather)"
        case .vendor: "vendor-style (DMA per point)"
        case .baseline: "baseline (grid-sample path)"
        }
    }
}

/// The xMSDA optimisations that can be switched off: the paper's ablation (adaptive vector
/// length, gather fusion, staggered writes, scatter fusion) plus the padding fix, which is not
/// an optimisation but the correctness fix that gather fusion needs on the chip.
public struct MSDASwitches: Sendable, Equatable, CustomStringConvertible {
    public enum Name: String, Sendable, CaseIterable {
        case adaptive = "adaptive-vl"
        case gatherFusion = "gather-fusion"
        case paddingFix = "padding-fix"
        case staggeredWrites = "staggered-writes"
        case scatterFusion = "scatter-fusion"

        public var title: String {
            switch self {
            case .adaptive: "adaptive vector length"
            case .gatherFusion: "gather fusion"
            case .paddingFix: "padding fix"
            case .staggeredWrites: "staggered writes"
            case .scatterFusion: "scatter fusion"
            }
        }
        /// Forward switches change the forward passes; backward switches the backward kernel.
        public var isForward: Bool { self == .adaptive || self == .gatherFusion || self == .paddingFix }
        /// The four switches of the paper's ablation, in its order.
        public static let ablation: [Name] = [.adaptive, .gatherFusion, .staggeredWrites, .scatterFusion]
    }

    /// The switches that are off (everything else is on).
    public var off: Set<Name>

    public init(off: Set<Name> = []) { self.off = off }

    /// Everything on: the xMSDA design as it ships.
    public static let all = MSDASwitches()
    /// The paper's "all off": the four ablation switches off (the padding fix stays: without
    /// gather fusion it changes nothing).
    public static let ablationOff = MSDASwitches(off: Set(Name.ablation))

    public subscript(_ name: Name) -> Bool { !off.contains(name) }

    /// "default" or e.g. "no gather-fusion, scatter-fusion".
    public var description: String {
        off.isEmpty ? "default" : "no " + Name.allCases.filter { off.contains($0) }.map(\.rawValue).joined(separator: ", ")
    }

    /// The forward options these switches select.
    public func apply(to o: inout MSDAForwardOptions) {
        o.fused = self[.gatherFusion]
        o.padFix = self[.paddingFix]
        o.adaptive = self[.adaptive]
    }

    /// The backward options these switches select.
    public func apply(to o: inout MSDABackwardOptions) {
        o.scatterFusion = self[.scatterFusion]
        o.staggeredWrites = self[.staggeredWrites]
    }

    /// Parses "gather-fusion,scatter-fusion" or "all" (the four ablation switches).
    public static func parse(_ list: String) -> Result<MSDASwitches, MSDAVariantError> {
        var off = Set<Name>()
        for item in list.split(separator: ",", omittingEmptySubsequences: false).map({ String($0.filter { !$0.isWhitespace }) }) {
            if item == "all" { off.formUnion(Name.ablation); continue }
            guard let n = Name(rawValue: item) else {
                return .failure(MSDAVariantError(.input, "unknown switch '\(item)' (switches: \(Name.allCases.map(\.rawValue).joined(separator: ", ")), or all)"))
            }
            off.insert(n)
        }
        return .success(MSDASwitches(off: off))
    }
}

/// A failure of a variant run, whichever design failed, with the design's own stable id
/// (`forward.runtime`, `vendor.plan`, ...) kept in `id`.
public struct MSDAVariantError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case input = "variant.input", run = "variant.run" }
    public var kind: Kind
    /// The underlying error's stable id (the kind's when there is none).
    public var id: String
    public var message: String
    public var runtime: RuntimeError?
    public init(_ kind: Kind, _ message: String, id: String? = nil, runtime: RuntimeError? = nil) {
        self.kind = kind
        self.id = id ?? kind.rawValue
        self.message = message
        self.runtime = runtime
    }
    public var description: String { "error[\(id)]: \(message)" }
}

/// What every design's run is given: the machine, the storage type and the simulator settings.
public struct MSDARunSettings: Sendable {
    public var dtype: MSDAForwardOptions.DType
    public var machine: Machine
    public var cores: Int?
    public var threads: Int?
    public var checks: Bool
    public var recordTimeline: Bool
    public var maxGMBytes: Int?

    public init(dtype: MSDAForwardOptions.DType = .f32, machine: Machine = .ascend910B2C, cores: Int? = nil, threads: Int? = nil,
                checks: Bool = true, recordTimeline: Bool = false, maxGMBytes: Int? = nil) {
        self.dtype = dtype
        self.machine = machine
        self.cores = cores
        self.threads = threads
        self.checks = checks
        self.recordTimeline = recordTimeline
        self.maxGMBytes = maxGMBytes
    }

    /// The xMSDA forward's options for `mode` with `switches` applied.
    public func forwardOptions(mode: MSDAForwardOptions.Mode, switches: MSDASwitches) -> MSDAForwardOptions {
        var o = MSDAForwardOptions(dtype: dtype, mode: mode, machine: machine, cores: cores, threads: threads,
                                   recordTimeline: recordTimeline, checks: checks, maxGMBytes: maxGMBytes)
        switches.apply(to: &o)
        return o
    }

    /// The xMSDA backward's options with `switches` applied.
    public func backwardOptions(switches: MSDASwitches) -> MSDABackwardOptions {
        var o = MSDABackwardOptions(dtype: dtype, machine: machine, cores: cores, threads: threads, recordTimeline: recordTimeline,
                                    checks: checks, maxGMBytes: maxGMBytes)
        switches.apply(to: &o)
        return o
    }
}

/// A forward pass of any design: its output (PyTorch layout) and timing.
public struct MSDAVariantForward: Sendable {
    public var output: [Float]
    public var timing: MSDAPassTiming
    /// xMSDA: its plan in a few words (block size, plane buffers, bands, gather), so that a
    /// report can say what a switch changed; nil for the other designs.
    public var plan: String? = nil
}

/// A backward of any design: the forward it ran after (training forward), its output, the
/// gradients and both timings.
public struct MSDAVariantBackward: Sendable {
    public var output: [Float]
    public var gradients: MSDAGradients
    public var forward: MSDAPassTiming
    public var backward: MSDAPassTiming
}

/// Runs any design's forward or backward and hands back the common result shapes, so that the
/// command and the report treat the designs alike. Switches apply to xMSDA only (the other
/// designs have none: asking for one is an error, not silently ignored).
public enum MSDAVariants {
    public static func forward(_ design: MSDADesign, tensors: MSDATensors, mode: MSDAForwardOptions.Mode, switches: MSDASwitches = .all,
                               settings: MSDARunSettings) throws(MSDAVariantError) -> MSDAVariantForward {
        try checkSwitches(design, switches)
        return try MSDAVariantRuns.forward(design, tensors: tensors, options: settings.forwardOptions(mode: mode, switches: switches))
    }

    public static func backward(_ design: MSDADesign, tensors: MSDATensors, switches: MSDASwitches = .all,
                                settings: MSDARunSettings) throws(MSDAVariantError) -> MSDAVariantBackward {
        try checkSwitches(design, switches)
        return try MSDAVariantRuns.backward(design, tensors: tensors, options: settings.backwardOptions(switches: switches))
    }

    static func checkSwitches(_ design: MSDADesign, _ switches: MSDASwitches) throws(MSDAVariantError) {
        if design != .xmsda, !switches.off.isEmpty {
            throw MSDAVariantError(.input, "the \(design.rawValue) design has no \(switches.off.map(\.rawValue).sorted().joined(separator: ", ")) switch (the switches are xMSDA's)")
        }
    }
}
