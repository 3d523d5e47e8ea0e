import MSDA

/// `--check`: one result tensor of the kernel against `MSDAReference` on the same inputs.
///
/// fp32 storage: the brief's rule, max |ours - ref| <= 1e-4 * max(1, max |ref|) per tensor.
/// fp16 storage: the reference runs on the fp16-rounded inputs (what the kernel computed from)
/// and every element must be within the bound docs/MSDA-forward.md derives for the forward
/// kernel ("Precision"):
///     |ours - ref| <= 2^-11 |ref| + 2 (4LP + 4) 2^-24 S (1 + 2^-11) + 2^-25,
/// with S the reference run on |value| and |a| (the sum of the magnitudes being added). A
/// per-element bound, because fp16 output rounding (half an ulp, 2^-11 relative) dominates and
/// scales with each element; `limit` reports the largest element bound, so a reader still sees
/// one number, and `worstRatio` (largest error / own bound) is what must stay <= 1.
struct MsdaCheck {
    var tensor: String
    var maxAbsError: Double
    var limit: Double
    var worstRatio: Double
    var ok: Bool
    /// How `limit` is defined, for the report.
    var rule: String

    static let fp32Rule = "1e-4 * max(1, max|ref|)"
    static let fp16Rule = "per element 2^-11|ref| + 2(4LP+4)2^-24 S(1+2^-11) + 2^-25 (docs/MSDA-forward.md)"

    /// Compares the forward output. `tensors` are the inputs as given (fp32 values);
    /// for fp16 they are rounded here exactly as the driver rounds them.
    static func forward(ours: [Float], tensors: MSDATensors, dtype: MSDAForwardOptions.DType, threads: Int) -> MsdaCheck {
        switch dtype {
        case .f32:
            let ref = MSDAReference.forward(tensors, threads: threads)
            let maxRef = ref.reduce(0.0) { max($0, abs(Double($1))) }
            let limit = 1e-4 * max(1, maxRef)
            let e = maxError(ours, ref)
            return MsdaCheck(tensor: "output", maxAbsError: e, limit: limit, worstRatio: e / limit, ok: e <= limit, rule: fp32Rule)
        case .f16:
            let rounded = MSDAForward.roundedToHalf(tensors)
            let ref = MSDAReference.forward(rounded, threads: threads)
            guard ours.count == ref.count,
                  let magnitudes = try? MSDATensors(shape: rounded.shape, value: rounded.value.map { abs($0) },
                                                    samplingLocations: rounded.samplingLocations,
                                                    attentionWeights: rounded.attentionWeights.map { abs($0) }) else {
                return MsdaCheck(tensor: "output", maxAbsError: .infinity, limit: 0, worstRatio: .infinity, ok: false, rule: fp16Rule)
            }
            let sums = MSDAReference.forward(magnitudes, threads: threads)
            let terms = Double(4 * tensors.shape.samplesPerHead + 4)
            var limit = 0.0, worst = 0.0
            for i in ref.indices {
                let bound = 0x1p-11 * abs(Double(ref[i])) + 2 * terms * 0x1p-24 * Double(sums[i]) * (1 + 0x1p-11) + 0x1p-25
                limit = max(limit, bound)
                let e = abs(Double(ours[i]) - Double(ref[i]))
                worst = max(worst, e.isNaN ? .infinity : e / bound)
            }
            let e = maxError(ours, ref)
            return MsdaCheck(tensor: "output", maxAbsError: e, limit: limit, worstRatio: worst, ok: worst <= 1, rule: fp16Rule)
        }
    }

    /// Compares the three gradients of the backward (fp32) with `MSDAReference.backward`,
    /// each with the brief's rule 1e-4 * max(1, max |ref|).
    static func backward(ours: MSDAGradients, tensors: MSDATensors, threads: Int) -> [MsdaCheck] {
        guard let ref = try? MSDAReference.backward(tensors, threads: threads) else { return referenceFailed(fp32Rule) }
        return gradientPairs(ours, ref).map { name, a, r in
            let maxRef = r.reduce(0.0) { max($0, abs(Double($1))) }
            let limit = 1e-4 * max(1, maxRef)
            let e = maxError(a, r)
            return MsdaCheck(tensor: name, maxAbsError: e, limit: limit, worstRatio: e / limit, ok: e <= limit, rule: fp32Rule)
        }
    }

    /// fp16 backward: against the reference on the fp16-rounded inputs, per element
    /// |ours - ref| <= 2^-11 |ref| + (1 + 2^-11) e32 + 2^-25 with e32 = 1e-4 max(1, max |ref|)
    /// (docs/MSDA-backward.md, "fp16 storage").
    static func backwardF16(ours: MSDAGradients, tensors: MSDATensors, threads: Int) -> [MsdaCheck] {
        let rule = "per element 2^-11|ref| + (1+2^-11) 1e-4 max(1, max|ref|) + 2^-25 (docs/MSDA-backward.md)"
        guard let ref = try? MSDAReference.backward(MSDAForward.roundedToHalf(tensors), threads: threads) else {
            return referenceFailed(rule)
        }
        return gradientPairs(ours, ref).map { name, a, r in
            let maxRef = r.reduce(0.0) { max($0, abs(Double($1))) }
            let e32 = 1e-4 * max(1, maxRef)
            var limit = 0.0, worst = a.count == r.count ? 0.0 : Double.infinity
            for i in r.indices where i < a.count {
                let bound = 0x1p-11 * abs(Double(r[i])) + (1 + 0x1p-11) * e32 + 0x1p-25
                limit = max(limit, bound)
                let e = abs(Double(a[i]) - Double(r[i]))
                worst = e.isNaN ? .infinity : max(worst, e / bound)
                if worst.isInfinite { break }
            }
            return MsdaCheck(tensor: name, maxAbsError: maxError(a, r), limit: limit, worstRatio: worst, ok: worst <= 1, rule: rule)
        }
    }

    /// The three gradients, ours beside the reference's, in the order the checks report them.
    static func gradientPairs(_ ours: MSDAGradients, _ ref: MSDAGradients) -> [(String, [Float], [Float])] {
        [("grad_value", ours.value, ref.value),
         ("grad_sampling_locations", ours.samplingLocations, ref.samplingLocations),
         ("grad_attention_weights", ours.attentionWeights, ref.attentionWeights)]
    }

    /// When the reference itself cannot run, every gradient check fails (never a silent pass).
    static func referenceFailed(_ rule: String) -> [MsdaCheck] {
        ["grad_value", "grad_sampling_locations", "grad_attention_weights"].map {
            MsdaCheck(tensor: $0, maxAbsError: .infinity, limit: 0, worstRatio: .infinity, ok: false,
                      rule: rule + "; the reference backward failed on these inputs")
        }
    }

    /// max |a - b|, infinite when any element is NaN or the counts differ (never "ok").
    static func maxError(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count else { return .infinity }
        var m = 0.0
        for i in a.indices {
            let e = abs(Double(a[i]) - Double(b[i]))
            if e.isNaN { return .infinity }
            m = max(m, e)
        }
        return m
    }
}
