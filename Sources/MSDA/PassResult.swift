import Interpreter

/// One kernel launch of a pass. Designs differ in how many launches a pass takes: the xMSDA
/// forward is one, the baseline's grid-sample path is one per level plus a weighted sum
/// (kernel-strategies.md, design 1), and its time is the sum over its launches.
public struct MSDAKernelRun: Sendable {
    /// What the launch does, e.g. "grid_sample level 2" or "msda_fwd".
    public var name: String
    public var report: RunReport

    public init(name: String, report: RunReport) {
        self.name = name
        self.report = report
    }
}

/// The timing of one pass (forward inference, forward training or backward) of any design, in
/// one shape so that the comparison and the ablation tables treat every design alike.
public struct MSDAPassTiming: Sendable {
    /// In launch order.
    public var runs: [MSDAKernelRun]

    public init(runs: [MSDAKernelRun]) { self.runs = runs }

    /// Host-visible cycles: each launch's launch overhead plus its kernel, summed.
    public var cycles: Double { runs.reduce(0) { $0 + $1.report.cycles } }
    public var microseconds: Double { runs.reduce(0) { $0 + $1.report.microseconds } }

    /// The four msprof ratios of the whole pass: each launch's ratios weighted by its kernel
    /// cycles (a launch that runs longer counts for more), so that a pass of one launch reports
    /// exactly that launch's ratios.
    public var ratios: PipeBusy {
        let total = runs.reduce(0) { $0 + $1.report.kernelCycles }
        var r = PipeBusy()
        guard total > 0 else { return r }
        for run in runs {
            let w = run.report.kernelCycles / total
            r.scalar += w * run.report.ratios.scalar
            r.vector += w * run.report.ratios.vector
            r.mte2 += w * run.report.ratios.mte2
            r.mte3 += w * run.report.ratios.mte3
        }
        return r
    }

    /// Host seconds spent simulating the pass.
    public var hostSeconds: Double { runs.reduce(0) { $0 + $1.report.functionalSeconds + $1.report.timingSeconds } }
}
