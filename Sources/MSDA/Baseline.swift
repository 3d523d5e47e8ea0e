import Interpreter
import ISA
import NPY

/// What a baseline forward produced.
public struct MSDABaselineForwardResult: Sendable {
    /// `[bs, Q, M * D]` (PyTorch layout), the values as stored (fp16 values widened when fp16).
    public var output: [Float]
    /// One run per level (`grid_sample level l`), then `weighted_sum`.
    public var timing: MSDAPassTiming
    public var plan: MSDABaselinePlan
    public var shape: MSDAShape
}

/// What a baseline backward produced (after its training forward).
public struct MSDABaselineBackwardResult: Sendable {
    /// The training forward's output, `[bs, Q, M * D]`.
    public var output: [Float]
    /// PyTorch layouts, fp32 (fp16 values widened when fp16).
    public var gradients: MSDAGradients
    /// The training forward's launches.
    public var forward: MSDAPassTiming
    /// `weighted_sum_bwd`, then one `grid_sample_bwd level l` per level.
    public var backward: MSDAPassTiming
    public var plan: MSDABaselinePlan
    public var shape: MSDAShape
}

/// The baseline design (brief/kernel-strategies.md, design 1): what PyTorch's
/// `multi_scale_deformable_attn_pytorch` does on a device without an MSDA operator, as a chain of
/// kernel launches with the intermediates in GM. Forward: per level a grid-sample launch
/// (kernels/baseline/grid_sample_fwd.asm) writes the sampled values `[bs*M, D, Q, P]`; one
/// weighted-sum launch (weighted_sum_fwd.asm) multiplies by the attention weights and sums.
/// Backward: the weighted-sum backward (weighted_sum_bwd.asm: the sampled values' gradient per
/// level and grad_attention_weights), then per level grid-sample's backward
/// (grid_sample_bwd.asm: grad_value by atomic adds, grad_sampling_locations). Each launch is one
/// `Simulator.run`; a pass's time is the sum over its launches, launch overhead included
/// (`MSDAPassTiming`). See docs/MSDA-baseline.md.
///
/// ```swift
/// let t = try MSDAWorkload.named("tiny").tensors()
/// let f = try MSDABaseline.forward(tensors: t, options: MSDAForwardOptions(cores: 4))
/// print(f.timing.microseconds, f.timing.runs.map(\.name))
/// ```
public enum MSDABaseline {
    /// `options.mode` `.train` keeps the sampled values for the backward (see `backward`); the
    /// xMSDA-only options (fused, strict, queriesPerBlock, planeBuffers, kernelPath) do not apply.
    public static func forward(tensors: MSDATensors, options: MSDAForwardOptions) throws(MSDAForwardError) -> MSDABaselineForwardResult {
        try runForward(tensors: tensors, options: options).result
    }

    /// Runs the training forward (which keeps the sampled values of every level in GM: the
    /// multiply/sum backward needs them), then the backward launches.
    public static func backward(tensors: MSDATensors, options: MSDABackwardOptions) throws(MSDABackwardError) -> MSDABaselineBackwardResult {
        guard let gradOutput = tensors.gradOutput else {
            throw MSDABackwardError(.input, "the backward needs grad_output")
        }
        let shape = tensors.shape
        let cores = options.cores ?? options.machine.cores
        let f16 = options.dtype == .f16
        let fwdOptions = MSDAForwardOptions(dtype: options.dtype, mode: .train, machine: options.machine, cores: cores, threads: options.threads,
                                            recordTimeline: options.recordTimeline, checks: options.checks, maxGMBytes: options.maxGMBytes)
        let fwd: MSDABaselineForwardResult
        var sampled: [[UInt8]]
        do {
            let r = try runForward(tensors: tensors, options: fwdOptions)
            fwd = r.result
            sampled = r.sampled ?? []
        } catch {
            throw MSDABackwardError(.forward, "training forward: \(error.message)", runtime: error.runtime, forward: error)
        }
        var plan = fwd.plan
        let wsb: (qb: Int, db: Int, program: Program)
        let gsb: (n: Int, program: Program)
        do {
            wsb = try MSDABaselinePlan.weightedSum(.weightedSumBackward, shape: shape, f16: f16, machine: options.machine, cores: cores)
            gsb = try MSDABaselinePlan.gridSample(.gridSampleBackward, shape: shape, f16: f16, machine: options.machine, cores: cores)
        } catch {
            throw MSDABackwardError(error.overflow ? .plan : .assembly, error.message)
        }
        plan.backwardQueriesPerBlock = wsb.qb
        plan.backwardChannelsPerBlock = wsb.db
        plan.backwardSamplesPerBlock = gsb.n
        let t = f16 ? MSDAForward.roundedToHalf(tensors) : tensors
        let (B, M, D, L, P, Q) = (shape.batch, shape.heads, shape.channels, shape.levelCount, shape.points, shape.queries)
        let es = f16 ? 2 : 4
        let type: ElementType = f16 ? .f16 : .f32
        let qp = Q * P
        func run(_ name: String, _ program: Program, _ args: consuming KernelArguments, _ outputs: Set<String>) throws(MSDABackwardError) -> RunReport {
            let o = RunOptions(cores: cores, threads: options.threads, strict: true, checks: options.checks,
                               recordTimeline: options.recordTimeline, outputNames: outputs, maxGMBytes: options.maxGMBytes)
            switch Simulator.run(program: program, machine: options.machine, arguments: args, options: o) {
            case .success(let r): return r
            case .failure(let e): throw MSDABackwardError(.runtime, "\(name): \(e.description)", runtime: e)
            }
        }
        var runs: [MSDAKernelRun] = []

        // 1. The multiply/sum backward: grad of every level's sampled values, grad_attn.
        var gout = [Float](repeating: 0, count: B * M * D * Q)
        for b in 0..<B { for q in 0..<Q { for m in 0..<M { for d in 0..<D {
            gout[((b * M + m) * D + d) * Q + q] = gradOutput[(b * Q + q) * M * D + m * D + d]
        } } } }
        var args = KernelArguments()
        for l in 0..<L {
            args["s\(l)"] = .gm(bytes: sampled[l], elementType: .f32, shape: [B * M, D, qp])
            args["g\(l)"] = .zeros(byteCount: B * M * D * qp * 4, elementType: .f32, shape: [B * M, D, qp])
        }
        sampled = []
        args["attn"] = .gm(bytes: attentionBytes(t, f16: f16), elementType: type, shape: [B * M, Q, L * P])
        args["gout"] = .gm(bytes: MSDABackward.bytes(gout, f16: f16), elementType: type, shape: [B * M, D, Q])
        args["gattn"] = .zeros(byteCount: B * M * Q * L * P * 4, elementType: .f32, shape: [B * M, Q, L * P])
        args["tab"] = .gm(bytes: MSDABaselinePlan.weightTable(levels: L, points: P, qb: wsb.qb), elementType: .u32, shape: [L, wsb.qb, P])
        args["tab2"] = .gm(bytes: MSDABaselinePlan.weightTableInverse(levels: L, points: P, qb: wsb.qb), elementType: .u32, shape: [wsb.qb, L, P])
        args["units"] = .int(Int64(B * M * ((Q + wsb.qb - 1) / wsb.qb) * (D / wsb.db)))
        args["nqueries"] = .int(Int64(Q))
        var report = try run("weighted_sum_bwd", wsb.program, args, Set((0..<L).map { "g\($0)" } + ["gattn"]))
        var gs: [[UInt8]] = (0..<L).map { report.outputs.removeValue(forKey: "g\($0)") ?? [] }
        let gattn = MSDAForward.values(report.outputs.removeValue(forKey: "gattn") ?? [], f16: false)
        runs.append(MSDAKernelRun(name: "weighted_sum_bwd", report: report))

        // 2. grid_sample's backward per level: grad_value (atomic adds), grad_loc.
        var gradValue = [Float](repeating: 0, count: shape.valueCount)
        var gradLoc = [Float](repeating: 0, count: shape.samplingLocationsCount)
        let valueBytes = valueBytes(t, f16: f16)
        for (l, level) in shape.levels.enumerated() {
            let hw = level.pixels
            var a = levelArguments(t, level: l, f16: f16, value: valueBytes)
            a["gs"] = .gm(bytes: gs[l], elementType: .f32, shape: [B * M, D, qp])
            gs[l] = []
            a["gvalue"] = .zeros(byteCount: (B * hw * M * D + D) * 4, elementType: .f32, shape: [B * hw * M * D + D])
            a["gloc"] = .zeros(byteCount: B * M * qp * 2 * es, elementType: type, shape: [B * M, qp, 2])
            a["gbstride"] = .int(Int64(hw * M * D * 4))
            a["gsink"] = .int(Int64(B * hw * M * D * 4))
            report = try run("grid_sample_bwd level \(l)", gsb.program, a, ["gvalue", "gloc"])
            let gv = MSDAForward.values(report.outputs.removeValue(forKey: "gvalue") ?? [], f16: false)
            let gl = MSDAForward.values(report.outputs.removeValue(forKey: "gloc") ?? [], f16: f16)
            runs.append(MSDAKernelRun(name: "grid_sample_bwd level \(l)", report: report))
            for b in 0..<B {
                for pix in 0..<hw {
                    let src = (b * hw + pix) * M * D
                    let dst = (b * shape.keys + shape.levelStart[l] + pix) * M * D
                    for j in 0..<(M * D) { gradValue[dst + j] = f16 ? Half.round(gv[src + j]) : gv[src + j] }
                }
            }
            for b in 0..<B { for m in 0..<M { for q in 0..<Q { for p in 0..<P {
                let src = (((b * M + m) * Q + q) * P + p) * 2
                let i = (((b * Q + q) * M + m) * L + l) * P + p
                gradLoc[2 * i] = gl[src]
                gradLoc[2 * i + 1] = gl[src + 1]
            } } } }
        }
        var gradAttn = [Float](repeating: 0, count: shape.attentionWeightsCount)
        for b in 0..<B { for m in 0..<M { for q in 0..<Q { for l in 0..<L { for p in 0..<P {
            let v = gattn[(((b * M + m) * Q + q) * L + l) * P + p]
            gradAttn[(((b * Q + q) * M + m) * L + l) * P + p] = f16 ? Half.round(v) : v
        } } } } }
        return MSDABaselineBackwardResult(output: fwd.output,
                                          gradients: MSDAGradients(value: gradValue, samplingLocations: gradLoc, attentionWeights: gradAttn),
                                          forward: fwd.timing, backward: MSDAPassTiming(runs: runs), plan: plan, shape: shape)
    }

    // MARK: - Forward

    /// The forward; `sampled` holds every level's sampled values ([bs*M, D, Q*P] f32 bytes) in
    /// training mode, nil in inference.
    static func runForward(tensors: MSDATensors, options: MSDAForwardOptions) throws(MSDAForwardError) -> (result: MSDABaselineForwardResult, sampled: [[UInt8]]?) {
        let shape = tensors.shape
        let f16 = options.dtype == .f16
        let cores = options.cores ?? options.machine.cores
        let (B, M, D, L, P, Q) = (shape.batch, shape.heads, shape.channels, shape.levelCount, shape.points, shape.queries)
        for level in shape.levels where level.pixels * M * D * 4 >= 1 << 31 || B * level.pixels * M * D * 4 + D * 4 >= 1 << 31 {
            throw MSDAForwardError(.input, "level \(level.height)x\(level.width): its pixels' bytes (x M x D x 4, x bs) reach 2^31: beyond the kernels' 32-bit offsets")
        }
        guard 4 * Q * P < 1 << 31 else { throw MSDAForwardError(.input, "Q * P = \(Q * P) too large for the DMA gap fields") }
        let gsf: (n: Int, program: Program)
        let wsf: (qb: Int, db: Int, program: Program)
        do {
            gsf = try MSDABaselinePlan.gridSample(.gridSampleForward, shape: shape, f16: f16, machine: options.machine, cores: cores)
            wsf = try MSDABaselinePlan.weightedSum(.weightedSumForward, shape: shape, f16: f16, machine: options.machine, cores: cores)
        } catch {
            throw MSDAForwardError(error.overflow ? .plan : .assembly, error.message)
        }
        let plan = MSDABaselinePlan(f16: f16, forwardSamplesPerBlock: gsf.n, backwardSamplesPerBlock: 0,
                                    forwardQueriesPerBlock: wsf.qb, forwardChannelsPerBlock: wsf.db,
                                    backwardQueriesPerBlock: 0, backwardChannelsPerBlock: 0)
        let t = f16 ? MSDAForward.roundedToHalf(tensors) : tensors
        let type: ElementType = f16 ? .f16 : .f32
        let qp = Q * P
        func run(_ name: String, _ program: Program, _ args: consuming KernelArguments, _ outputs: Set<String>) throws(MSDAForwardError) -> RunReport {
            let o = RunOptions(cores: cores, threads: options.threads, strict: true, checks: options.checks,
                               recordTimeline: options.recordTimeline, outputNames: outputs, maxGMBytes: options.maxGMBytes)
            switch Simulator.run(program: program, machine: options.machine, arguments: args, options: o) {
            case .success(let r): return r
            case .failure(let e): throw MSDAForwardError(.runtime, "\(name): \(e.description)", runtime: e)
            }
        }
        var runs: [MSDAKernelRun] = []
        var sampled: [[UInt8]] = []
        let valueBytes = valueBytes(t, f16: f16)
        for l in 0..<L {
            var a = levelArguments(t, level: l, f16: f16, value: valueBytes)
            a["out"] = .zeros(byteCount: B * M * D * qp * 4, elementType: .f32, shape: [B * M, D, qp])
            var report = try run("grid_sample level \(l)", gsf.program, a, ["out"])
            sampled.append(report.outputs.removeValue(forKey: "out") ?? [])
            runs.append(MSDAKernelRun(name: "grid_sample level \(l)", report: report))
        }
        var args = KernelArguments()
        for l in 0..<L { args["s\(l)"] = .gm(bytes: sampled[l], elementType: .f32, shape: [B * M, D, qp]) }
        if options.mode == .infer { sampled = [] }
        args["attn"] = .gm(bytes: attentionBytes(t, f16: f16), elementType: type, shape: [B * M, Q, L * P])
        args["out"] = .zeros(byteCount: B * M * D * Q * (f16 ? 2 : 4), elementType: type, shape: [B * M, D, Q])
        args["tab"] = .gm(bytes: MSDABaselinePlan.weightTable(levels: L, points: P, qb: wsf.qb), elementType: .u32, shape: [L, wsf.qb, P])
        args["units"] = .int(Int64(B * M * ((Q + wsf.qb - 1) / wsf.qb) * (D / wsf.db)))
        args["nqueries"] = .int(Int64(Q))
        var report = try run("weighted_sum", wsf.program, args, ["out"])
        let outT = MSDAForward.values(report.outputs.removeValue(forKey: "out") ?? [], f16: f16)
        runs.append(MSDAKernelRun(name: "weighted_sum", report: report))
        var output = [Float](repeating: 0, count: shape.outputCount)
        for b in 0..<B { for m in 0..<M { for d in 0..<D {
            let src = ((b * M + m) * D + d) * Q
            for q in 0..<Q { output[(b * Q + q) * M * D + m * D + d] = outT[src + q] }
        } } }
        let result = MSDABaselineForwardResult(output: output, timing: MSDAPassTiming(runs: runs), plan: plan, shape: shape)
        return (result, options.mode == .train ? sampled : nil)
    }

    // MARK: - Host layouts

    /// value `[bs, S, M, D]` as given (the grid-sample kernels read each pixel's D channels of a
    /// head as one piece), in the storage type.
    static func valueBytes(_ t: MSDATensors, f16: Bool) -> [UInt8] { MSDABackward.bytes(t.value, f16: f16) }

    /// attention weights as the framework reshapes them: `[bs*M, Q, L*P]`.
    static func attentionBytes(_ t: MSDATensors, f16: Bool) -> [UInt8] {
        let s = t.shape
        let (B, M, L, P, Q) = (s.batch, s.heads, s.levelCount, s.points, s.queries)
        var a = [Float](repeating: 0, count: s.attentionWeightsCount)
        for b in 0..<B { for q in 0..<Q { for m in 0..<M { for j in 0..<(L * P) {
            a[((b * M + m) * Q + q) * L * P + j] = t.attentionWeights[((b * Q + q) * M + m) * L * P + j]
        } } } }
        return MSDABackward.bytes(a, f16: f16)
    }

    /// The arguments every grid-sample launch of level `l` shares: value, the level's grid
    /// `[bs*M, Q*P, 2]` (the sampling locations themselves: the kernels compute `loc * W - 0.5`
    /// as the reference, which is grid_sample's unnormalisation of `2 * loc - 1` folded), sizes.
    static func levelArguments(_ t: MSDATensors, level l: Int, f16: Bool, value: [UInt8]) -> KernelArguments {
        let s = t.shape
        let (B, M, D, L, P, Q) = (s.batch, s.heads, s.channels, s.levelCount, s.points, s.queries)
        let level = s.levels[l]
        let es = f16 ? 2 : 4
        var grid = [Float](repeating: 0, count: B * M * Q * P * 2)
        for b in 0..<B { for q in 0..<Q { for m in 0..<M { for p in 0..<P {
            let i = (((b * Q + q) * M + m) * L + l) * P + p
            let dst = (((b * M + m) * Q + q) * P + p) * 2
            grid[dst] = t.samplingLocations[2 * i]
            grid[dst + 1] = t.samplingLocations[2 * i + 1]
        } } } }
        var a = KernelArguments()
        a["value"] = .gm(bytes: value, elementType: f16 ? .f16 : .f32, shape: s.valueShape)
        a["grid"] = .gm(bytes: MSDABackward.bytes(grid, f16: f16), elementType: f16 ? .f16 : .f32, shape: [B * M, Q * P, 2])
        a["total"] = .int(Int64(B * M * Q * P))
        a["nqp"] = .int(Int64(Q * P))
        a["heads"] = .int(Int64(M))
        a["width"] = .int(Int64(level.width))
        a["hgt"] = .float(Float(level.height))
        a["wdt"] = .float(Float(level.width))
        a["hgt1"] = .float(Float(level.height - 1))
        a["wdt1"] = .float(Float(level.width - 1))
        a["levelbase"] = .int(Int64(s.levelStart[l] * M * D * es))
        a["batchbytes"] = .int(Int64(s.keys * M * D * es))
        return a
    }
}
