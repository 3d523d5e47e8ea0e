/// One run of each design behind `MSDAVariants`, in the common result shapes. The comparators
/// (brief/kernel-strategies.md designs 1 and 2: the baseline grid-sample path, the vendor-style
/// operator) take the xMSDA options types and ignore the xMSDA-only fields.
enum MSDAVariantRuns {
    static func forward(_ design: MSDADesign, tensors: MSDATensors, options: MSDAForwardOptions) throws(MSDAVariantError) -> MSDAVariantForward {
        do throws(MSDAForwardError) {
            switch design {
            case .xmsda:
                let r = try MSDAForward.run(tensors: tensors, options: options)
                let p = r.plan
                let plan = "QB \(p.queriesPerBlock), \(p.planeBuffers) plane buffer\(p.planeBuffers == 1 ? "" : "s"), bands \(p.bands.map(\.count)), "
                    + (p.fused ? "fused pair gather" : "\(p.f16 ? "fp16" : "fp32") element gather")
                return MSDAVariantForward(output: r.output, timing: MSDAPassTiming(runs: [MSDAKernelRun(name: "msda_fwd", report: r.report)]), plan: plan)
            case .vendor:
                let r = try MSDAVendor.forward(tensors: tensors, options: options)
                return MSDAVariantForward(output: r.output, timing: r.timing)
            case .baseline:
                let r = try MSDABaseline.forward(tensors: tensors, options: options)
                return MSDAVariantForward(output: r.output, timing: r.timing)
            }
        } catch {
            throw MSDAVariantError(.run, "\(design.rawValue) forward: \(error.message)", id: error.id.rawValue, runtime: error.runtime)
        }
    }

    static func backward(_ design: MSDADesign, tensors: MSDATensors, options: MSDABackwardOptions) throws(MSDAVariantError) -> MSDAVariantBackward {
        do throws(MSDABackwardError) {
            switch design {
            case .xmsda:
                let r = try MSDABackward.run(tensors: tensors, options: options)
                return MSDAVariantBackward(output: r.forward.output, gradients: r.gradients,
                                           forward: MSDAPassTiming(runs: [MSDAKernelRun(name: "msda_fwd (train)", report: r.forward.report)]),
                                           backward: MSDAPassTiming(runs: [MSDAKernelRun(name: "msda_bwd", report: r.report)]))
            case .vendor:
                let r = try MSDAVendor.backward(tensors: tensors, options: options)
                return MSDAVariantBackward(output: r.output, gradients: r.gradients, forward: r.forward, backward: r.backward)
            case .baseline:
                let r = try MSDABaseline.backward(tensors: tensors, options: options)
                return MSDAVariantBackward(output: r.output, gradients: r.gradients, forward: r.forward, backward: r.backward)
            }
        } catch {
            throw MSDAVariantError(.run, "\(design.rawValue) backward: \(error.message)", id: error.id.rawValue, runtime: error.runtime)
        }
    }
}
