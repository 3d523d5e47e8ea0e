import Interpreter
import ISA
import NPY

/// What a vendor-style forward produced.
public struct MSDAVendorForwardResult: Sendable {
    /// `[bs, Q, M * D]` (PyTorch layout), as stored (fp16 values widened when fp16).
    public var output: [Float]
    /// One launch: kernels/vendor/msda_fwd.asm.
    public var timing: MSDAPassTiming
    public var plan: MSDAVendorPlan
}

/// The vendor-style MSDA (kernel-strategies.md design 2, the structure of the open-source
/// Ascend operator): tensors in PyTorch layout, one DMA per sample row of two neighbouring
/// pixels, queries split evenly over the cores. See docs/MSDA-vendor.md.
///
/// ```swift
/// let t = MSDAWorkload.named("tiny").tensors()
/// let f = try MSDAVendor.forward(tensors: t, options: MSDAForwardOptions(cores: 4))
/// print(f.timing.microseconds, f.output.count)
/// ```
public enum MSDAVendor {
    public static let forwardKernel = "vendor/msda_fwd.asm"
    public static let backwardKernel = "vendor/msda_bwd.asm"

    /// The forward. `options.mode` may be `.infer` or `.train`: both run the same kernel, since
    /// the real operator's backward reads value again and keeps nothing from the forward. Used:
    /// dtype, machine, cores, threads, checks, recordTimeline, maxGMBytes, queriesPerBlock (pins
    /// QB), kernelPath; the xMSDA switches (fused, strict, planeBuffers) do not apply.
    public static func forward(tensors: MSDATensors, options: MSDAForwardOptions) throws(MSDAForwardError) -> MSDAVendorForwardResult {
        let s = tensors.shape
        let f16 = options.dtype == .f16
        let cores = options.cores ?? options.machine.cores
        guard cores >= 1, cores <= options.machine.cores else {
            throw MSDAForwardError(.input, "cannot run on \(cores) cores: the \(options.machine.name) machine has \(options.machine.cores)")
        }
        if let why = MSDAVendorPlan.unsupported(s, backward: false, f16: f16) { throw MSDAForwardError(.input, why) }
        let path: String
        if let p = options.kernelPath { path = p } else { path = try MSDAKernels.locate(forwardKernel) }
        let (plan, program) = try MSDAVendorPlan.choose(shape: s, f16: f16, machine: options.machine.ubBytes, cores: cores,
                                                        pinned: options.queriesPerBlock, path: path,
                                                        fail: { MSDAForwardError(.plan, $0) })
        var args = KernelArguments()
        let type: ElementType = f16 ? .f16 : .f32
        args["value"] = .gm(bytes: valueBytes(tensors, f16: f16), elementType: type)
        args["loc"] = .gm(bytes: MSDABackward.bytes(tensors.samplingLocations, f16: f16), elementType: type, shape: s.samplingLocationsShape)
        args["attn"] = .gm(bytes: MSDABackward.bytes(tensors.attentionWeights, f16: f16), elementType: type, shape: s.attentionWeightsShape)
        args["out"] = .zeros(byteCount: s.outputCount * (f16 ? 2 : 4), elementType: type, shape: s.outputShape)
        args["pat"] = .gm(bytes: words(plan.patternTable(shape: s)), elementType: .i32, shape: [8, plan.lanes])
        args["bs"] = .int(Int64(s.batch))
        args["nqueries"] = .int(Int64(s.queries))
        args["keys"] = .int(Int64(s.keys))
        let run = RunOptions(cores: cores, threads: options.threads, strict: true, checks: options.checks,
                             recordTimeline: options.recordTimeline, outputNames: ["out"], maxGMBytes: options.maxGMBytes)
        let report: RunReport
        switch Simulator.run(program: program, machine: options.machine, arguments: consume args, options: run) {
        case .success(let r): report = r
        case .failure(let e): throw MSDAForwardError(.runtime, e.description, runtime: e)
        }
        let output = MSDAForward.values(report.outputs["out"] ?? [], f16: f16)
        return MSDAVendorForwardResult(output: output, timing: MSDAPassTiming(runs: [MSDAKernelRun(name: "vendor msda_fwd", report: report)]),
                                       plan: plan)
    }

    /// value `[bs, S, M, D]` as stored, plus one spare pixel (M * D zeros) at the end: the pair
    /// copy of a 1-pixel-wide level reads the next key with weight 0, which for the very last
    /// key is past the tensor (docs/MSDA-vendor.md, "Edges").
    static func valueBytes(_ t: MSDATensors, f16: Bool) -> [UInt8] {
        var bytes = MSDABackward.bytes(t.value, f16: f16)
        bytes.append(contentsOf: [UInt8](repeating: 0, count: t.shape.heads * t.shape.channels * (f16 ? 2 : 4)))
        return bytes
    }

    static func words(_ v: [UInt32]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: v.count * 4)
        out.withUnsafeMutableBytes { raw in
            for (i, x) in v.enumerated() { raw.storeBytes(of: x.littleEndian, toByteOffset: 4 * i, as: UInt32.self) }
        }
        return out
    }
}
