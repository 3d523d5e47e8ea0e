/// SplitMix64 (Steele, Lea, Flood 2014; the seeding generator of java.util.SplittableRandom):
/// a tiny, fast, fixed PRNG, so generated workloads are identical on every platform and Swift
/// version (the standard library's generator is neither seedable nor specified).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1), 24 random bits: every value is an exact float.
    public mutating func unit() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * unit() }

    /// Uniform integer in 0..<n (n >= 1), by multiply-shift (bias below 2^-32 for small n).
    public mutating func below(_ n: Int) -> Int { Int(((next() >> 32) &* UInt64(n)) >> 32) }
}
