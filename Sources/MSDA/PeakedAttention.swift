import Foundation

extension MSDAWorkload {
    /// How the attention logits of a generated workload are drawn; the weights are their softmax
    /// over the L * P samples of each (b, q, m).
    ///
    /// `uniform` (the default): logits uniform in [-3, 3), weights spread over all samples (at
    /// L * P = 16 about 37% of them are below 0.01).
    ///
    /// `peaked`: logits `sigma * z`, z standard normal (Box-Muller), `sigma` = `peakedSigma`. DEFA
    /// (DAC 2024) reports that over 80% of the attention weights of a trained Deformable DETR are
    /// near zero, which is what point pruning lives on; a softmax of widely spread logits is how a
    /// trained linear layer produces that (a few samples take most of the weight). `sigma` = 5.5
    /// is chosen so that at Deformable DETR's L * P = 16 about 80% of the weights are below 0.01
    /// (the paper gives no exact cut-off for "near zero"; 0.01 is 1/6 of the uniform 1/16).
    /// The model matches that one statistic, not the trained distribution itself (docs/DEFA.md).
    public enum AttentionStyle: String, Sendable, CaseIterable {
        case uniform
        case peaked

        /// Spread of the peaked logits (see above; the share is checked by `PruningTests.testPeakedAttentionShare`).
        public static let peakedSigma = 5.5

        func logit(_ rng: inout SplitMix64) -> Double {
            switch self {
            case .uniform: return Double(rng.uniform(-3, 3))
            case .peaked: return Self.peakedSigma * Self.gaussian(&rng)
            }
        }

        /// One standard normal deviate by Box-Muller from two uniforms (u1 in (0, 1]).
        static func gaussian(_ rng: inout SplitMix64) -> Double {
            let u1 = 1 - Double(rng.unit()), u2 = Double(rng.unit())
            return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
        }
    }
}
