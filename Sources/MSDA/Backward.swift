import Assembler
import Interpreter
import ISA
import NPY

/// A failure of the backward driver, as a value with a stable id.
public struct MSDABackwardError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum ID: String, Sendable {
        /// kernels/msda_bwd.asm was not found (see `MSDAKernels`).
        case kernelNotFound = "backward.kernel-not-found"
        /// The kernel did not assemble with the plan's -D values (a kernel or driver bug).
        case assembly = "backward.assembly"
        /// No plan fits the machine.
        case plan = "backward.plan"
        /// The tensors or options cannot be run (no grad_output, fp16, sizes beyond the offsets).
        case input = "backward.input"
        /// The machine model stopped the kernel; `runtime` holds its error.
        case runtime = "backward.runtime"
        /// The training forward that produces the corners failed; `forward` holds its error.
        case forward = "backward.forward"
    }
    public var id: ID
    public var message: String
    public var runtime: RuntimeError?
    public var forward: MSDAForwardError?
    public init(_ id: ID, _ message: String, runtime: RuntimeError? = nil, forward: MSDAForwardError? = nil) {
        self.id = id
        self.message = message
        self.runtime = runtime
        self.forward = forward
    }
    public var description: String { "error[\(id.rawValue)]: \(message)" }
}

/// How to run the backward (and the forward before it).
public struct MSDABackwardOptions: Sendable {
    /// Where the backward's corner values come from.
    public enum Corners: String, Sendable, CaseIterable {
        /// The training forward stores every gathered corner and the backward reads them (xMSDA).
        case stored
        /// The inference forward (no corner traffic) and a backward kernel that gathers the four
        /// corners itself from the value planes, as the forward does (`-D GATHER=1`).
        case gather
    }

    /// `.stored` (default): training forward + backward on the stored corners; `.gather`:
    /// inference forward + backward that gathers the corners (docs/MSDA-backward.md, "Corners").
    public var corners: Corners = .stored
    /// Scatter fusion (xMSDA; default on): grad_value is channel-last, so the pair (x0, x1) of
    /// one row is one atomic piece of 2D floats. Off (the ablation, `-D SFUSE=0`): one
    /// scatter_add per pixel (x0, then x1, of each row), pieces of D floats: twice the atomic
    /// requests of half the bytes. (Two pixels' pieces in one scatter_add would be adjacent in GM
    /// and merge into one request, which is fusion again.) grad_value gets the same adds in
    /// another order (last-bit differences); grad_attn and grad_loc are bit-identical.
    public var scatterFusion: Bool = true
    /// Staggered writes (xMSDA; default on): odd cores run their levels in reverse order, so at
    /// any moment half the cores scatter into other levels' planes than the other half, and
    /// fewer atomic transfers meet in the same 512-byte region (`-D STAGGER=1`). Results are
    /// bit-identical either way (each grad_value element's adds keep their order).
    public var staggeredWrites: Bool = true
    /// Storage type. fp16: the training forward runs in fp16 (inputs rounded to fp16 on the host,
    /// fp16 corners), grad_output is rounded to fp16, the kernel widens its fp16 inputs to f32 and
    /// computes in fp32; grad_attention_weights and grad_sampling_locations are stored fp16 by the
    /// kernel, grad_value is accumulated in fp32 in GM and rounded once to fp16 on the host.
    /// The gradients are returned as the fp16 values widened. See docs/MSDA-backward.md.
    public var dtype: MSDAForwardOptions.DType = .f32
    public var machine: Machine
    /// Cores running both kernels (nil: all of the machine's).
    public var cores: Int?
    /// Host threads of the simulator (nil: all). Results never depend on it.
    public var threads: Int?
    public var recordTimeline: Bool
    /// Race checks of the interpreter (on by default).
    public var checks: Bool
    /// Pin the backward's queries per block (multiple of 16) instead of choosing.
    public var queriesPerBlock: Int?
    /// `corners: .gather`: pin the backward's plane buffers (1, or 2: double-buffered) instead of choosing.
    public var planeBuffers: Int?
    /// Options of the training forward beyond the shared ones (its QB, plane buffers).
    public var forwardQueriesPerBlock: Int?
    /// The kernel file (nil: `MSDAKernels.locate("msda_bwd.asm")`).
    public var kernelPath: String?
    /// Cap on each run's GM bytes (`RunOptions.maxGMBytes`; nil: the interpreter's default).
    public var maxGMBytes: Int?

    public init(dtype: MSDAForwardOptions.DType = .f32, machine: Machine = Machine.ascend910B2C, cores: Int? = nil, threads: Int? = nil, recordTimeline: Bool = false,
                checks: Bool = true, queriesPerBlock: Int? = nil, forwardQueriesPerBlock: Int? = nil, kernelPath: String? = nil,
                maxGMBytes: Int? = nil, corners: Corners = .stored, scatterFusion: Bool = true, staggeredWrites: Bool = true) {
        self.corners = corners
        self.scatterFusion = scatterFusion
        self.staggeredWrites = staggeredWrites
        self.dtype = dtype
        self.machine = machine
        self.cores = cores
        self.threads = threads
        self.recordTimeline = recordTimeline
        self.checks = checks
        self.queriesPerBlock = queriesPerBlock
        self.forwardQueriesPerBlock = forwardQueriesPerBlock
        self.kernelPath = kernelPath
        self.maxGMBytes = maxGMBytes
    }
}

/// What a backward run produced.
public struct MSDABackwardResult: Sendable {
    /// grad_value `[bs, S, M, D]`, grad_sampling_locations `[bs, Q, M, L, P, 2]`,
    /// grad_attention_weights `[bs, Q, M, L, P]` (PyTorch layouts, fp32).
    public var gradients: MSDAGradients
    /// The forward the backward ran after: the training forward (`corners: .stored`) or the
    /// inference forward (`.gather`). Its `corners` is nil: stored corners went to the backward
    /// kernel, the largest buffer of both runs, and were not kept.
    public var forward: MSDAForwardResult
    /// The backward kernel's run.
    public var report: RunReport
    public var plan: MSDABackwardPlan
    public var shape: MSDAShape
    /// Simulated time of the forward plus the backward, microseconds.
    public var microseconds: Double { forward.report.microseconds + report.microseconds }
}

/// The MSDA backward on the machine model: the training forward (which stores the gathered
/// corners), then kernels/msda_bwd.asm on those corners and grad_output, results back in PyTorch
/// layout; or, with `corners: .gather`, the inference forward and the kernel gathering the
/// corners from the value planes itself. See docs/MSDA-backward.md.
///
/// ```swift
/// let tensors = try MSDAWorkload.named("tiny").tensors()
/// let result = try MSDABackward.run(tensors: tensors, options: MSDABackwardOptions(cores: 4))
/// print(result.report.microseconds, result.gradients.value.count)
/// ```
public enum MSDABackward {
    public static func run(tensors: MSDATensors, options: MSDABackwardOptions = MSDABackwardOptions()) throws(MSDABackwardError) -> MSDABackwardResult {
        let shape = tensors.shape
        guard let gradOutput = tensors.gradOutput else {
            throw MSDABackwardError(.input, "the backward needs grad_output")
        }
        let cores = options.cores ?? options.machine.cores
        let f16 = options.dtype == .f16
        let gather = options.corners == .gather
        let fwdOptions = MSDAForwardOptions(dtype: options.dtype, mode: gather ? .infer : .train, machine: options.machine, cores: cores,
                                            threads: options.threads, recordTimeline: options.recordTimeline, checks: options.checks,
                                            queriesPerBlock: options.forwardQueriesPerBlock, maxGMBytes: options.maxGMBytes)
        let forward: MSDAForwardResult
        var corners: GMBlock?
        do {
            let (result, block) = try MSDAForward.runKeepingCornerBlock(tensors: tensors, options: fwdOptions)
            forward = result
            corners = block
        } catch {
            throw MSDABackwardError(.forward, "\(gather ? "inference" : "training") forward: \(error.message)", runtime: error.runtime, forward: error)
        }
        let (record, _) = MSDABackwardPlan.gradRecord(shape: shape)
        guard record < 1 << 31 else {
            throw MSDABackwardError(.input, "\(shape): one (batch, head) grad_value record of \(record) bytes exceeds the kernel's 2^31-byte offsets")
        }
        guard 8 * shape.queries <= Int(UInt32.max), 4 * shape.heads * shape.channels <= Int(UInt32.max) else {
            throw MSDABackwardError(.input, "\(shape): Q or M * D too large for the DMA gap fields")
        }
        for level in shape.levels where gather && (level.height + 2 >= 1 << 22 || level.width + 2 >= 1 << 22) {
            throw MSDABackwardError(.input, "level \(level.height)x\(level.width): sides of 2^22 - 2 pixels or more are not supported (f32 slot arithmetic)")
        }
        let plan = try MSDABackwardPlan.choose(shape: shape, machine: options.machine, cores: cores,
                                               queriesPerBlock: options.queriesPerBlock, planeBuffers: options.planeBuffers, f16: f16, gather: gather,
                                               scatterFusion: options.scatterFusion, staggeredWrites: options.staggeredWrites)
        let program = try assemble(plan, path: options.kernelPath)
        let expected = gather ? 0 : shape.batch * shape.heads * shape.levelCount * shape.channels * 4 * shape.points * shape.queries * (f16 ? 2 : 4)
        guard (corners?.count ?? 0) == expected else {
            throw MSDABackwardError(.forward, "the training forward returned \(corners?.count ?? 0) bytes of corners, not \(expected)")
        }
        // The corners (4 * D floats per sample, by far the largest buffer) stay where the forward's
        // kernel wrote them: the backward's GM binds that block in place.
        let args = kernelArguments(tensors, gradOutput: gradOutput, corners: consume corners, plan: plan)
        let run = RunOptions(cores: cores, threads: options.threads, strict: true, checks: options.checks,
                             recordTimeline: options.recordTimeline, outputNames: ["gvalue", "gattn", "gloc"],
                             maxGMBytes: options.maxGMBytes, writeOnly: ["gvalue", "gattn", "gloc"])
        let report: RunReport
        switch Simulator.run(program: program, machine: options.machine, arguments: consume args, options: run) {
        case .success(let r): report = r
        case .failure(let e): throw MSDABackwardError(.runtime, e.description, runtime: e)
        }
        let gradients = gradients(report, shape: shape, f16: f16)
        return MSDABackwardResult(gradients: gradients, forward: forward, report: report, plan: plan, shape: shape)
    }

    /// Assembles the kernel with the plan's -D values and checks the UB layout against the plan.
    public static func assemble(_ plan: MSDABackwardPlan, path: String? = nil) throws(MSDABackwardError) -> Program {
        let file: String
        if let path { file = path } else {
            do { file = try MSDAKernels.locate(MSDAKernels.backward) } catch {
                throw MSDABackwardError(.kernelNotFound, error.message)
            }
        }
        let result = Assembler.assemble(path: file, options: AssemblerOptions(defines: plan.defines, ubSize: UInt32(plan.ubBytes)))
        guard let program = result.program else {
            let text = result.errors.prefix(5).map { "\($0)" }.joined(separator: "\n")
            throw MSDABackwardError(.assembly, "\(file) with \(plan.defines.sorted { $0.key < $1.key }.map { "-D \($0.key)=\($0.value)" }.joined(separator: " ")):\n\(text)")
        }
        let end = program.buffers.filter { $0.name != "PB0" && $0.name != "PB1" }.map { Int($0.offset) + Int($0.size) }.max() ?? 0
        let expected = MSDABackwardPlan.ubUse(qb: plan.queriesPerBlock, points: plan.points, channels: plan.channels, f16: plan.f16,
                                              gather: plan.gather, fused: plan.fused, scatterFusion: plan.scatterFusion)
        guard end == expected else {
            throw MSDABackwardError(.assembly, "\(file): the buffers end at \(end) bytes but MSDABackwardPlan.ubUse computes \(expected): the kernel's buffer list and the driver's mirror of it have drifted apart")
        }
        if plan.gather {
            guard let pb = program.buffers.first(where: { $0.name == "PB0" }), Int(pb.size) - 32 == plan.planeCapacity else {
                throw MSDABackwardError(.assembly, "\(file): the plane buffer PB0 is not \(plan.planeCapacity + 32) bytes as MSDABackwardPlan.planeCapacity computes: the kernel's buffer list and the driver's mirror of it have drifted apart")
            }
        }
        return program
    }

    // MARK: - Host layouts

    /// The kernel's arguments: the corners as the forward stored them (GATHER: instead the value
    /// planes in the forward's layout, built by the forward's host code, and `corners` is unused),
    /// the x/y/weight planes, grad_output as given, the transpose table, the level table, zeroed outputs.
    public static func kernelArguments(_ t: MSDATensors, gradOutput: [Float], corners: consuming GMBlock?, plan: MSDABackwardPlan) -> KernelArguments {
        let s = t.shape
        let (B, M, D, L, P, Q) = (s.batch, s.heads, s.channels, s.levelCount, s.points, s.queries)
        let plane = B * M * L * P * Q
        var samp = [Float](repeating: 0, count: 3 * plane)
        for b in 0..<B {
            for q in 0..<Q {
                for m in 0..<M {
                    for l in 0..<L {
                        for p in 0..<P {
                            let i = (((b * Q + q) * M + m) * L + l) * P + p
                            let dst = (((b * M + m) * L + l) * P + p) * Q + q
                            samp[dst] = t.samplingLocations[2 * i]
                            samp[dst + plane] = t.samplingLocations[2 * i + 1]
                            samp[dst + 2 * plane] = t.attentionWeights[i]
                        }
                    }
                }
            }
        }
        let (record, _) = MSDABackwardPlan.gradRecord(shape: s)
        let f16 = plan.f16, es = f16 ? 2 : 4
        let type: ElementType = f16 ? .f16 : .f32
        var args = KernelArguments()
        if plan.gather {
            let valuePlan = plan.valuePlan
            args["value"] = MSDAForward.kernelArguments(t, valuePlan)["value"]
            args["record"] = .int(Int64(valuePlan.levelTable(shape: s).recordBytes))
        } else {
            args["corners"] = .block(corners ?? GMBlock(zeros: 0), elementType: type, shape: [B, M, L, D, 2, P, Q, 2])
        }
        args["samp"] = .gm(bytes: bytes(samp, f16: f16), elementType: type, shape: [3, B, M, L, P, Q])
        args["gout"] = .gm(bytes: bytes(gradOutput, f16: f16), elementType: type, shape: [B, Q, M * D])
        args["tab"] = .gm(bytes: plan.transposeTable(channels: D).flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) },
                          elementType: .u32, shape: [D, 2 * plan.queriesPerBlock])
        args["levels"] = .gm(bytes: plan.levelTable(shape: s).flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) },
                             elementType: .i64, shape: [L, 16])
        args["gvalue"] = .zeros(byteCount: B * M * record, elementType: .f32, shape: [B, M, record / 4])
        args["gattn"] = .zeros(byteCount: plane * es, elementType: type, shape: [B, M, L, P, Q])
        args["gloc"] = .zeros(byteCount: 2 * plane * es, elementType: type, shape: [2, B, M, L, P, Q])
        args["bs"] = .int(Int64(B))
        args["nqueries"] = .int(Int64(Q))
        args["heads"] = .int(Int64(M))
        args["chans"] = .int(Int64(D))
        args["nlev"] = .int(Int64(L))
        args["npts"] = .int(Int64(P))
        args["grecord"] = .int(Int64(record))
        return args
    }

    /// fp16: every value rounded to the nearest fp16 (an input already fp16-valued is exact).
    static func bytes(_ v: [Float], f16: Bool) -> [UInt8] {
        guard f16 else { return bytes(v) }
        var out = [UInt8](repeating: 0, count: v.count * 2)
        out.withUnsafeMutableBytes { raw in
            for (i, x) in v.enumerated() { raw.storeBytes(of: Half.toHalf(x).littleEndian, toByteOffset: 2 * i, as: UInt16.self) }
        }
        return out
    }

    static func bytes(_ v: [Float]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: v.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, x) in v.enumerated() { raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        return out
    }

    /// The kernel's outputs back in PyTorch layout: grad_value without the border, transposed
    /// from `[bs, M, (Hp, Wp per level), D]` to `[bs, S, M, D]`; the planar gradients transposed.
    /// fp16: grad_value (accumulated in fp32 in GM) is rounded once to fp16 here; the other two
    /// were stored fp16 by the kernel and are widened.
    static func gradients(_ report: RunReport, shape s: MSDAShape, f16: Bool = false) -> MSDAGradients {
        let (B, M, D, L, P, Q) = (s.batch, s.heads, s.channels, s.levelCount, s.points, s.queries)
        var gv = MSDAForward.values(report.outputs["gvalue"] ?? [], f16: false)
        if f16 { gv = gv.map { Half.round($0) } }
        let ga = MSDAForward.values(report.outputs["gattn"] ?? [], f16: f16)
        let gl = MSDAForward.values(report.outputs["gloc"] ?? [], f16: f16)
        let (record, offsets) = MSDABackwardPlan.gradRecord(shape: s)
        var value = [Float](repeating: 0, count: s.valueCount)
        for b in 0..<B {
            for m in 0..<M {
                let base = (b * M + m) * record / 4
                for (l, level) in s.levels.enumerated() {
                    let wp = level.width + 2
                    for y in 0..<level.height {
                        for x in 0..<level.width {
                            let src = base + offsets[l] / 4 + ((y + 1) * wp + x + 1) * D
                            let key = s.levelStart[l] + y * level.width + x
                            let dst = ((b * s.keys + key) * M + m) * D
                            for c in 0..<D { value[dst + c] = gv[src + c] }
                        }
                    }
                }
            }
        }
        let plane = B * M * L * P * Q
        var locations = [Float](repeating: 0, count: s.samplingLocationsCount)
        var weights = [Float](repeating: 0, count: s.attentionWeightsCount)
        for b in 0..<B {
            for q in 0..<Q {
                for m in 0..<M {
                    for l in 0..<L {
                        for p in 0..<P {
                            let i = (((b * Q + q) * M + m) * L + l) * P + p
                            let src = (((b * M + m) * L + l) * P + p) * Q + q
                            weights[i] = ga[src]
                            locations[2 * i] = gl[src]
                            locations[2 * i + 1] = gl[src + plane]
                        }
                    }
                }
            }
        }
        return MSDAGradients(value: value, samplingLocations: locations, attentionWeights: weights)
    }
}
