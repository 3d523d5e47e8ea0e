import Assembler
import Interpreter
import ISA
import NPY

/// A failure of the forward driver, as a value with a stable id.
public struct MSDAForwardError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum ID: String, Sendable {
        /// kernels/msda_fwd.asm was not found (see `MSDAKernels`).
        case kernelNotFound = "forward.kernel-not-found"
        /// The kernel did not assemble with the plan's -D values (a kernel or driver bug).
        case assembly = "forward.assembly"
        /// No plan fits the machine (a level whose two padded rows exceed the UB left over, ...).
        case plan = "forward.plan"
        /// The tensors disagree with the shape or options.
        case input = "forward.input"
        /// The machine model stopped the kernel; `runtime` holds its error.
        case runtime = "forward.runtime"
    }
    public var id: ID
    public var message: String
    public var runtime: RuntimeError?
    public init(_ id: ID, _ message: String, runtime: RuntimeError? = nil) {
        self.id = id
        self.message = message
        self.runtime = runtime
    }
    public var description: String { "error[\(id.rawValue)]: \(message)" }
}

/// How to run the forward kernel.
public struct MSDAForwardOptions: Sendable {
    public enum DType: String, Sendable { case f32, f16 }
    public enum Mode: String, Sendable { case infer, train }

    /// Storage type of every tensor in GM. fp16: the inputs are rounded to fp16 on the host,
    /// arithmetic stays fp32, the output is stored as fp16.
    public var dtype: DType
    public var mode: Mode
    /// fp16 only: the fused 4-byte pair gather with the padding fix (default on for fp16).
    public var fused: Bool
    public var machine: Machine
    /// Cores running the kernel (nil: all of the machine's).
    public var cores: Int?
    /// Host threads of the simulator (nil: all). Results never depend on it.
    public var threads: Int?
    /// Keep every pipe instruction's start and end in the report (for traces).
    public var recordTimeline: Bool
    /// Race checks of the interpreter (on by default; off for benchmarks).
    public var checks: Bool
    /// Strict mode: the 4-byte gather at an address = 30 mod 32 is an error instead of the quirk.
    public var strict: Bool
    /// Pin the queries per block (multiple of 16) or the plane buffers (1, 2) instead of choosing.
    public var queriesPerBlock: Int?
    public var planeBuffers: Int?
    /// The kernel file (nil: `MSDAKernels.locate("msda_fwd.asm")`).
    public var kernelPath: String?
    /// Cap on the run's GM bytes (`RunOptions.maxGMBytes`; nil: the interpreter's default).
    public var maxGMBytes: Int?
    /// With `fused`: the padding fix (`-D PADFIX`). Off reproduces the chip's wrong pairs: in
    /// strict mode the first straddling gather is an error, otherwise the output is wrong exactly
    /// as the gather quirk predicts (docs/MSDA-forward.md, "Switches").
    public var padFix: Bool = true
    /// The adaptive vector length: the plan searches the block size (QB). Off: the fixed QB of
    /// `MSDAForwardPlan.fixedQueriesPerBlock` (the xMSDA ablation).
    public var adaptive: Bool = true
    /// DEFA point pruning (docs/DEFA.md): skip the samples whose attention weight has
    /// |a| < threshold (`-D PRUNE=1`, the threshold in the `pthr` parameter). nil: no pruning
    /// code at all; 0: the pruning code that prunes nothing (bit-identical output).
    public var pruneThreshold: Float? = nil
    /// DEFA's three-multiply bilinear interpolation (`-D BILIN3=1`; docs/DEFA.md).
    public var threeMultiplyBilinear: Bool = false

    public init(dtype: DType = .f32, mode: Mode = .infer, fused: Bool = true, machine: Machine = Machine.ascend910B2C,
                cores: Int? = nil, threads: Int? = nil, recordTimeline: Bool = false, checks: Bool = true, strict: Bool = true,
                queriesPerBlock: Int? = nil, planeBuffers: Int? = nil, kernelPath: String? = nil, maxGMBytes: Int? = nil) {
        self.dtype = dtype
        self.mode = mode
        self.fused = fused
        self.machine = machine
        self.cores = cores
        self.threads = threads
        self.recordTimeline = recordTimeline
        self.checks = checks
        self.strict = strict
        self.queriesPerBlock = queriesPerBlock
        self.planeBuffers = planeBuffers
        self.kernelPath = kernelPath
        self.maxGMBytes = maxGMBytes
    }
}

/// What a forward run produced.
public struct MSDAForwardResult: Sendable {
    /// `[bs, Q, M * D]` (PyTorch layout), the values as stored (fp16 values widened when fp16).
    public var output: [Float]
    /// Training mode: the gathered corners as the kernel stored them,
    /// `[bs, M, L, D, 2, P, Q, 2]` = (row top/bottom, point, query, column left/right), in the
    /// kernel's storage type: the run's own GM block of the parameter, not a copy. nil in
    /// inference and in the `forward` of an `MSDABackwardResult` (the backward's kernel took the
    /// block over). `corners` decodes it; `corner(...)` reads one value.
    public var cornerBlock: GMBlock?
    /// The kernel's run. `outputs` holds only "out": the corners are in `cornerBlock` (as large
    /// as the rest of the run's GM together, so they are neither copied nor decoded unless asked).
    public var report: RunReport
    public var plan: MSDAForwardPlan
    public var shape: MSDAShape

    /// `cornerBlock` decoded to floats (fp16 values widened): a new array each time.
    public var corners: [Float]? { cornerBlock?.withUnsafeBytes { MSDAForward.values($0, f16: plan.f16) } }

    /// Corner k (1...4 as in brief/msda.md: (h0,w0), (h0,w1), (h1,w0), (h1,w1)) of sample
    /// (b, q, m, l, p), channel c, from `cornerBlock`.
    public func corner(b: Int, q: Int, m: Int, l: Int, p: Int, k: Int, c: Int) -> Float? {
        guard let cornerBlock else { return nil }
        let s = shape
        let row = (k - 1) / 2, col = (k - 1) % 2
        let slab = ((b * s.heads + m) * s.levelCount + l) * s.channels + c
        let i = (((slab * 2 + row) * s.points + p) * s.queries + q) * 2 + col
        return cornerBlock.withUnsafeBytes { raw in
            plan.f16 ? Half.toFloat(UInt16(littleEndian: raw.load(fromByteOffset: 2 * i, as: UInt16.self)))
                : Float(bitPattern: UInt32(littleEndian: raw.load(fromByteOffset: 4 * i, as: UInt32.self)))
        }
    }
}

/// The MSDA forward on the machine model: host layouts, plan, assembly, run, output back in
/// PyTorch layout. See docs/MSDA-forward.md.
///
/// ```swift
/// let tensors = try MSDAWorkload.named("small").tensors(gradOutput: false)
/// let result = try MSDAForward.run(tensors: tensors, options: MSDAForwardOptions(cores: 4))
/// print(result.report.microseconds, result.output.count)
/// ```
public enum MSDAForward {
    public static func run(tensors: MSDATensors, shape: MSDAShape, options: MSDAForwardOptions = MSDAForwardOptions()) throws(MSDAForwardError) -> MSDAForwardResult {
        guard shape == tensors.shape else {
            throw MSDAForwardError(.input, "the shape \(shape) differs from the tensors' shape \(tensors.shape)")
        }
        return try run(tensors: tensors, options: options)
    }

    public static func run(tensors: MSDATensors, options: MSDAForwardOptions = MSDAForwardOptions()) throws(MSDAForwardError) -> MSDAForwardResult {
        var (result, block) = try runKeepingCornerBlock(tensors: tensors, options: options)
        result.cornerBlock = consume block
        return result
    }

    /// The run, with the training corners as the kernel's GM block apart (`cornerBlock` left
    /// nil), for the backward to bind to its kernel in place without a second reference.
    static func runKeepingCornerBlock(tensors: MSDATensors, options: MSDAForwardOptions) throws(MSDAForwardError) -> (result: MSDAForwardResult, cornerBlock: GMBlock?) {
        let shape = tensors.shape
        let f16 = options.dtype == .f16
        let fused = f16 && options.fused
        let train = options.mode == .train
        let cores = options.cores ?? options.machine.cores
        for level in shape.levels where level.height + 2 >= 1 << 22 || level.width + 2 >= 1 << 22 {
            throw MSDAForwardError(.input, "level \(level.height)x\(level.width): sides of 2^22 - 2 pixels or more are not supported (f32 slot arithmetic)")
        }
        var plan = try MSDAForwardPlan.choose(shape: shape, f16: f16, fused: fused, train: train, machine: options.machine,
                                              cores: cores, queriesPerBlock: options.queriesPerBlock, planeBuffers: options.planeBuffers,
                                              padFix: options.padFix, adaptive: options.adaptive)
        try MSDAPruning.configure(&plan, options)
        let program = try assemble(plan, path: options.kernelPath)
        var args = kernelArguments(tensors, plan)
        if plan.prune { args["pthr"] = .float(options.pruneThreshold ?? 0) }
        let run = RunOptions(cores: cores, threads: options.threads, strict: options.strict, checks: options.checks,
                             recordTimeline: options.recordTimeline, outputNames: ["out"],
                             maxGMBytes: options.maxGMBytes, writeOnly: ["out", "corners"], blockOutputs: train ? ["corners"] : [])
        var report: RunReport
        switch Simulator.run(program: program, machine: options.machine, arguments: consume args, options: run) {
        case .success(let r): report = r
        case .failure(let e): throw MSDAForwardError(.runtime, e.description, runtime: e)
        }
        // Moved out of the report: the run's own memory of the parameter, not a copy.
        let cornerBlock = train ? report.blocks.removeValue(forKey: "corners") : nil
        let outT = values(report.outputs["out"] ?? [], f16: f16)
        var output = [Float](repeating: 0, count: shape.outputCount)
        let (Q, M, D) = (shape.queries, shape.heads, shape.channels)
        for b in 0..<shape.batch {
            for m in 0..<M {
                for d in 0..<D {
                    let src = ((b * M + m) * D + d) * Q
                    for q in 0..<Q { output[(b * Q + q) * M * D + m * D + d] = outT[src + q] }
                }
            }
        }
        return (MSDAForwardResult(output: output, cornerBlock: nil, report: report, plan: plan, shape: shape), cornerBlock)
    }

    /// The tensors with every input rounded to fp16 (what the fp16 kernel computes from; the
    /// reference for an fp16 run is `MSDAReference.forward` of these).
    public static func roundedToHalf(_ t: MSDATensors) -> MSDATensors {
        func r(_ v: [Float]) -> [Float] { v.map { Half.round($0) } }
        // Same counts as t, so the initializer cannot throw.
        return try! MSDATensors(shape: t.shape, value: r(t.value), samplingLocations: r(t.samplingLocations),
                                attentionWeights: r(t.attentionWeights), gradOutput: t.gradOutput.map(r), storage: t.storage)
    }

    /// Assembles the kernel with the plan's -D values and checks the UB layout against the plan.
    public static func assemble(_ plan: MSDAForwardPlan, path: String? = nil) throws(MSDAForwardError) -> Program {
        let file: String
        if let path { file = path } else { file = try MSDAKernels.locate(MSDAKernels.forward) }
        let result = Assembler.assemble(path: file, options: AssemblerOptions(defines: plan.defines, ubSize: UInt32(plan.ubBytes)))
        guard let program = result.program else {
            let text = result.errors.prefix(5).map { "\($0)" }.joined(separator: "\n")
            throw MSDAForwardError(.assembly, "\(file) with \(plan.defines.sorted { $0.key < $1.key }.map { "-D \($0.key)=\($0.value)" }.joined(separator: " ")):\n\(text)")
        }
        guard let pb = program.buffers.first(where: { $0.name == "PB0" }), Int(pb.size) - 32 == plan.planeCapacity else {
            throw MSDAForwardError(.assembly, "\(file): the plane buffer PB0 is not \(plan.planeCapacity + 32) bytes as MSDAForwardPlan.planeCapacity computes: the kernel's buffer list and the driver's mirror of it have drifted apart")
        }
        return program
    }

    // MARK: - Host layouts

    /// The kernel's arguments for `plan`: the host layouts of docs/MSDA-forward.md (value planes,
    /// x/y/weight planes, level table), zeroed outputs and the scalar parameters.
    public static func kernelArguments(_ t: MSDATensors, _ plan: MSDAForwardPlan) -> KernelArguments {
        let s = t.shape
        let es = plan.elementSize, f16 = plan.f16
        let (table, record, offsets) = plan.levelTable(shape: s)
        let (B, M, D, L, P, Q) = (s.batch, s.heads, s.channels, s.levelCount, s.points, s.queries)
        let type: ElementType = f16 ? .f16 : .f32

        // value: [bs, M, D] records of padded planes.
        var value = [UInt8](repeating: 0, count: B * M * D * record)
        value.withUnsafeMutableBytes { raw in
            t.value.withUnsafeBufferPointer { v in
                for b in 0..<B {
                    for (l, level) in s.levels.enumerated() {
                        let (H, W) = (level.height, level.width)
                        let wp = W + 2
                        let count = MSDAForwardPlan.planeElements(level, fused: plan.remapped)
                        // position -> slot (remapped: 15 slots then a copy of the next one, per 16)
                        for pos in 0..<count {
                            let slot = plan.remapped ? pos - pos / 16 : pos
                            let y = slot / wp - 1, x = slot % wp - 1
                            guard y >= 0, y < H, x >= 0, x < W else { continue }
                            let key = s.levelStart[l] + y * W + x
                            let src = ((b * s.keys + key) * M) * D
                            for m in 0..<M {
                                for d in 0..<D {
                                    let dst = ((b * M + m) * D + d) * record + offsets[l] + pos * es
                                    store(v[src + m * D + d], raw, dst, f16)
                                }
                            }
                        }
                    }
                }
            }
        }
        // samp: [3, bs, M, L, P, Q] = x, y, attention weight.
        let plane = B * M * L * P * Q
        var samp = [UInt8](repeating: 0, count: 3 * plane * es)
        samp.withUnsafeMutableBytes { raw in
            for b in 0..<B {
                for q in 0..<Q {
                    for m in 0..<M {
                        for l in 0..<L {
                            for p in 0..<P {
                                let i = (((b * Q + q) * M + m) * L + l) * P + p
                                let dst = ((((b * M + m) * L + l) * P + p) * Q + q) * es
                                store(t.samplingLocations[2 * i], raw, dst, f16)
                                store(t.samplingLocations[2 * i + 1], raw, dst + plane * es, f16)
                                store(t.attentionWeights[i], raw, dst + 2 * plane * es, f16)
                            }
                        }
                    }
                }
            }
        }
        var levelBytes = [UInt8](repeating: 0, count: table.count * 8)
        levelBytes.withUnsafeMutableBytes { raw in
            for (i, v) in table.enumerated() { raw.storeBytes(of: v.littleEndian, toByteOffset: 8 * i, as: Int64.self) }
        }
        var args = KernelArguments()
        args["value"] = .gm(bytes: value, elementType: type, shape: [B, M, D, record / es])
        args["samp"] = .gm(bytes: samp, elementType: type, shape: [3, B, M, L, P, Q])
        args["out"] = .zeros(byteCount: B * M * D * Q * es, elementType: type, shape: [B, M, D, Q])
        if plan.train {
            args["corners"] = .zeros(byteCount: B * M * L * D * 4 * P * Q * es, elementType: type, shape: [B, M, L, D, 2, P, Q, 2])
        }
        args["levels"] = .gm(bytes: levelBytes, elementType: .i64, shape: [L, 16])
        args["bs"] = .int(Int64(B))
        args["nqueries"] = .int(Int64(Q))
        args["heads"] = .int(Int64(M))
        args["chans"] = .int(Int64(D))
        args["nlev"] = .int(Int64(L))
        args["npts"] = .int(Int64(P))
        args["record"] = .int(Int64(record))
        return args
    }

    @inline(__always)
    static func store(_ v: Float, _ raw: UnsafeMutableRawBufferPointer, _ offset: Int, _ f16: Bool) {
        if f16 { raw.storeBytes(of: Half.toHalf(v).littleEndian, toByteOffset: offset, as: UInt16.self) }
        else { raw.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: offset, as: UInt32.self) }
    }

    static func values(_ bytes: [UInt8], f16: Bool) -> [Float] {
        bytes.withUnsafeBytes { values($0, f16: f16) }
    }

    static func values(_ raw: UnsafeRawBufferPointer, f16: Bool) -> [Float] {
        if f16 {
            return (0..<raw.count / 2).map { Half.toFloat(UInt16(littleEndian: raw.load(fromByteOffset: 2 * $0, as: UInt16.self))) }
        }
        return (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.load(fromByteOffset: 4 * $0, as: UInt32.self))) }
    }
}
