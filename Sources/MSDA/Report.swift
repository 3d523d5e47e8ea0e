import Interpreter

/// The passes the results report compares.
public enum MSDAPass: String, Sendable, CaseIterable {
    case inference = "forward inference"
    case trainingForward = "forward training"
    case backward = "backward"
    /// Forward training + backward: one training step of the operator.
    case training = "training (fwd train + bwd)"
}

/// The timings of one design or ablation configuration: the inference forward, the training
/// forward and the backward, each as measured by its own run.
public struct MSDAReportRow: Sendable {
    public var label: String
    public var inference: MSDAPassTiming
    public var trainingForward: MSDAPassTiming
    public var backward: MSDAPassTiming

    public init(label: String, inference: MSDAPassTiming, trainingForward: MSDAPassTiming, backward: MSDAPassTiming) {
        self.label = label
        self.inference = inference
        self.trainingForward = trainingForward
        self.backward = backward
    }

    /// The pass's timing; training is the training forward's launches followed by the
    /// backward's (time summed, ratios weighted by kernel cycles: `MSDAPassTiming`).
    public func timing(_ pass: MSDAPass) -> MSDAPassTiming {
        switch pass {
        case .inference: inference
        case .trainingForward: trainingForward
        case .backward: backward
        case .training: MSDAPassTiming(runs: trainingForward.runs + backward.runs)
        }
    }
}

/// Everything `vrun msda report` measured: the three designs and the xMSDA ablation, on one
/// workload, storage type and machine. Rendered by `markdown(...)` and `svg()`.
public struct MSDAResultsReport: Sendable {
    /// One configuration of the ablation: the switches off and its row.
    public struct AblationRow: Sendable {
        public var switches: MSDASwitches
        public var row: MSDAReportRow
        /// The forward plan of the inference run (`MSDAVariantForward.plan`).
        public var plan: String?
    }

    public var workload: String
    public var shape: MSDAShape
    public var dtype: MSDAForwardOptions.DType
    public var machine: Machine
    public var cores: Int
    /// In `MSDADesign.allCases` order.
    public var designs: [(design: MSDADesign, row: MSDAReportRow)]
    /// Default, each ablation switch off in the paper's order, all four off.
    public var ablation: [AblationRow]

    public func row(_ design: MSDADesign) -> MSDAReportRow? { designs.first { $0.design == design }?.row }

    /// The configurations of the paper's ablation: default, each switch off, all off.
    public static var ablationConfigurations: [MSDASwitches] {
        [MSDASwitches.all] + MSDASwitches.Name.ablation.map { MSDASwitches(off: [$0]) } + [MSDASwitches.ablationOff]
    }

    /// Runs every design and every ablation configuration. Each xMSDA configuration runs only the
    /// passes its switches change: forward switches the two forwards, backward switches the
    /// backward (whose training forward is the default one); the other passes are the default's
    /// runs, which are the same runs by construction. `progress` gets one line per run.
    public static func run(workload: String, tensors: MSDATensors, settings: MSDARunSettings,
                           progress: (String) -> Void = { _ in }) throws(MSDAVariantError) -> MSDAResultsReport {
        let configs = ablationConfigurations
        let forwardRuns = configs.filter { $0.off.contains { $0.isForward } }.count * 2
        let backwardRuns = configs.filter { $0.off.contains { !$0.isForward } }.count
        let total = 2 * MSDADesign.allCases.count + forwardRuns + backwardRuns
        var done = 0
        func step<T>(_ what: String, _ body: () throws(MSDAVariantError) -> T) throws(MSDAVariantError) -> T {
            done += 1
            progress("[\(done)/\(total)] \(what)")
            return try body()
        }
        // The report keeps only timings: the kernels' output bytes (grad_value alone is 89 MB on
        // the paper workload) go as soon as a run is done.
        func slim(_ t: MSDAPassTiming) -> MSDAPassTiming {
            MSDAPassTiming(runs: t.runs.map { run in
                var r = run
                r.report.outputs = [:]
                r.report.bindings = []
                return r
            })
        }
        var designs: [(design: MSDADesign, row: MSDAReportRow)] = []
        var defaultPlan: String?
        for d in MSDADesign.allCases {
            let fwd = try step("\(d.rawValue) forward inference") { () throws(MSDAVariantError) in
                try MSDAVariants.forward(d, tensors: tensors, mode: .infer, settings: settings)
            }
            let bwd = try step("\(d.rawValue) forward training + backward") { () throws(MSDAVariantError) in
                try MSDAVariants.backward(d, tensors: tensors, settings: settings)
            }
            if d == .xmsda { defaultPlan = fwd.plan }
            designs.append((d, MSDAReportRow(label: d.title, inference: slim(fwd.timing), trainingForward: slim(bwd.forward), backward: slim(bwd.backward))))
        }
        let base = designs[0].row
        var ablation: [AblationRow] = []
        for c in configs {
            var row = base
            row.label = c.description
            var plan = defaultPlan
            if c.off.contains(where: { $0.isForward }) {
                let inference = try step("xmsda \(c) forward inference") { () throws(MSDAVariantError) in
                    try MSDAVariants.forward(.xmsda, tensors: tensors, mode: .infer, switches: MSDASwitches(off: c.off.filter(\.isForward)), settings: settings)
                }
                row.inference = slim(inference.timing)
                plan = inference.plan
                row.trainingForward = slim(try step("xmsda \(c) forward training") { () throws(MSDAVariantError) in
                    try MSDAVariants.forward(.xmsda, tensors: tensors, mode: .train, switches: MSDASwitches(off: c.off.filter(\.isForward)), settings: settings)
                }.timing)
            }
            if c.off.contains(where: { !$0.isForward }) {
                row.backward = slim(try step("xmsda \(c) backward") { () throws(MSDAVariantError) in
                    try MSDAVariants.backward(.xmsda, tensors: tensors, switches: MSDASwitches(off: c.off.filter { !$0.isForward }), settings: settings)
                }.backward)
            }
            ablation.append(AblationRow(switches: c, row: row, plan: plan))
        }
        return MSDAResultsReport(workload: workload, shape: tensors.shape, dtype: settings.dtype, machine: settings.machine,
                                 cores: settings.cores ?? settings.machine.cores, designs: designs, ablation: ablation)
    }
}
