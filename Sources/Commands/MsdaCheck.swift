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
            // Same counts as `rounded`, so this cannot throw.
            let magnitudes = try! MSDATensors(shape: rounded.shape, value: rounded.value.map { abs($0) },
                                              samplingLocations: rounded.samplingLocations,
                                              attentionWeights: rounded.attentionWeights.map { abs($0) })
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
        guard let ref = try? MSDAReference.backward(tensors, threads: threads) else { return [] }
        let pairs: [(String, [Float], [Float])] = [("grad_value", ours.value, ref.value),
                                                   ("grad_sampling_locations", ours.samplingLocations, ref.samplingLocations),
                                                   ("grad_attention_weights", ours.attentionWeights, ref.attentionWeights)]
        return pairs.map { name, a, r in
            let maxRef = r.reduce(0.0) { max($0, abs(Double($1))) }
            let limit = 1e-4 * max(1, maxRef)
            let e = maxError(a, r)
            return MsdaCheck(tensor: name, maxAbsError: e, limit: limit, worstRatio: e / limit, ok: e <= limit, rule: fp32Rule)
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
