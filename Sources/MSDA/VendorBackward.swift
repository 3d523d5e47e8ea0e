import Interpreter
import ISA
import NPY

/// What a vendor-style backward produced.
public struct MSDAVendorBackwardResult: Sendable {
    /// PyTorch layouts; fp16 storage: each gradient rounded to fp16 and widened.
    public var gradients: MSDAGradients
    /// The training forward the backward follows (the same kernel as inference: this design
    /// keeps nothing for the backward).
    public var forward: MSDAPassTiming
    public var backward: MSDAPassTiming
    /// The training forward's output.
    public var output: [Float]
    public var plan: MSDAVendorPlan
}

extension MSDAVendor {
    /// The training forward (`MSDAVendor.forward` in `.train` mode: the same kernel), then
    /// kernels/vendor/msda_bwd.asm, which copies every sample's corners from value again.
    /// fp16: inputs and grad_output stored fp16, arithmetic fp32, grad_attn and grad_loc stored
    /// fp16 by the kernel, grad_value accumulated in fp32 in GM and rounded once on the host (as
    /// the xMSDA backward does). `queriesPerBlock` pins the backward's QB,
    /// `forwardQueriesPerBlock` the forward's; `kernelPath` names the backward kernel.
    public static func backward(tensors: MSDATensors, options: MSDABackwardOptions) throws(MSDABackwardError) -> MSDAVendorBackwardResult {
        let s = tensors.shape
        guard let gradOutput = tensors.gradOutput else { throw MSDABackwardError(.input, "the backward needs grad_output") }
        let f16 = options.dtype == .f16
        let cores = options.cores ?? options.machine.cores
        let fwdOptions = MSDAForwardOptions(dtype: options.dtype, mode: .train, machine: options.machine, cores: cores, threads: options.threads,
                                            recordTimeline: options.recordTimeline, checks: options.checks,
                                            queriesPerBlock: options.forwardQueriesPerBlock, maxGMBytes: options.maxGMBytes)
        let forward: MSDAVendorForwardResult
        do { forward = try MSDAVendor.forward(tensors: tensors, options: fwdOptions) } catch {
            throw MSDABackwardError(.forward, "training forward: \(error.message)", runtime: error.runtime, forward: error)
        }
        if let why = MSDAVendorPlan.unsupported(s, backward: true, f16: f16) { throw MSDABackwardError(.input, why) }
        let path: String
        if let p = options.kernelPath { path = p } else {
            do { path = try MSDAKernels.locate(backwardKernel) } catch { throw MSDABackwardError(.kernelNotFound, error.message) }
        }
        let (plan, program) = try MSDAVendorPlan.choose(shape: s, f16: f16, machine: options.machine.ubBytes, cores: cores,
                                                        pinned: options.queriesPerBlock, path: path,
                                                        fail: { MSDABackwardError(.plan, $0) })
        let type: ElementType = f16 ? .f16 : .f32
        let es = f16 ? 2 : 4
        var args = KernelArguments()
        args["value"] = .gm(bytes: valueBytes(tensors, f16: f16), elementType: type)
        args["loc"] = .gm(bytes: MSDABackward.bytes(tensors.samplingLocations, f16: f16), elementType: type, shape: s.samplingLocationsShape)
        args["attn"] = .gm(bytes: MSDABackward.bytes(tensors.attentionWeights, f16: f16), elementType: type, shape: s.attentionWeightsShape)
        args["gout"] = .gm(bytes: MSDABackward.bytes(gradOutput, f16: f16), elementType: type, shape: s.outputShape)
        args["gvalue"] = .zeros(byteCount: (s.valueCount + s.heads * s.channels) * 4, elementType: .f32)
        args["gattn"] = .zeros(byteCount: s.attentionWeightsCount * es, elementType: type, shape: s.attentionWeightsShape)
        args["gloc"] = .zeros(byteCount: s.samplingLocationsCount * es, elementType: type, shape: s.samplingLocationsShape)
        args["pat"] = .gm(bytes: words(plan.patternTable(shape: s)), elementType: .i32, shape: [8, plan.lanes])
        args["bs"] = .int(Int64(s.batch))
        args["nqueries"] = .int(Int64(s.queries))
        args["keys"] = .int(Int64(s.keys))
        let run = RunOptions(cores: cores, threads: options.threads, strict: true, checks: options.checks,
                             recordTimeline: options.recordTimeline, outputNames: ["gvalue", "gattn", "gloc"],
                             maxGMBytes: options.maxGMBytes)
        let report: RunReport
        switch Simulator.run(program: program, machine: options.machine, arguments: consume args, options: run) {
        case .success(let r): report = r
        case .failure(let e): throw MSDABackwardError(.runtime, e.description, runtime: e)
        }
        var value = MSDAForward.values(report.outputs["gvalue"] ?? [], f16: false)
        value.removeLast(value.count - s.valueCount)        // the spare pixel
        if f16 { value = value.map { Half.round($0) } }
        let gradients = MSDAGradients(value: value,
                                      samplingLocations: MSDAForward.values(report.outputs["gloc"] ?? [], f16: f16),
                                      attentionWeights: MSDAForward.values(report.outputs["gattn"] ?? [], f16: f16))
        return MSDAVendorBackwardResult(gradients: gradients, forward: forward.timing,
                                        backward: MSDAPassTiming(runs: [MSDAKernelRun(name: "vendor msda_bwd", report: report)]),
                                        output: forward.output, plan: plan)
    }
}
