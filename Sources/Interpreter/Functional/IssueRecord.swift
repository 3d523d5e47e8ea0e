/// What the timing phase needs to know about one issued instruction; the functional phase
/// writes one per non-scalar instruction (and per synchronisation point), in issue order.
/// Fixed size, no references: a core's stream is one flat array.
struct IssueRecord {
    enum Kind: UInt8 {
        /// A vector instruction: `amount` = repeats, `cls` = `VectorCostClass` index.
        case vector
        /// MTE2 GM->UB (`amount` = effective bytes, `requests`).
        case dmaRead
        /// MTE3 UB->GM.
        case dmaWrite
        /// MTE3 atomic add; `regionStart/regionCount` name its 512-byte regions.
        case dmaAtomic
        /// set_flag in `pipe`; `flag` = flag index.
        case setFlag
        /// wait_flag in `pipe`.
        case waitFlag
        /// pipe_barrier of one pipe (in that pipe).
        case barrier
        /// pipe_barrier(ALL): the scalar unit waits for every pipe.
        case barrierAll
        /// sync_all.
        case syncAll
        /// end.
        case end
    }
    /// Scalar-unit cycles since the previous record's issue, including this one's issue.
    var scalarDelta: Double = 0
    var amount: Double = 0
    var rawBytes: Int64 = 0
    var pc: Int32 = 0
    var requests: UInt32 = 0
    var regionStart: UInt32 = 0
    var regionCount: UInt32 = 0
    /// DMA: its GM requests as (start, end) byte pairs, rounded out to `requestRounding`, at
    /// `spans[spanStart ..< spanStart + 2 * spanCount]` of its core (only when the L2 is on).
    var spanStart: UInt32 = 0
    var spanCount: UInt32 = 0
    var kind: Kind = .vector
    var pipe: UInt8 = 0
    var cls: UInt8 = 0
    var flag: UInt8 = 0
}

/// A flag is named by (src, dst, id): index = src * 32 + dst * 8 + id (128 flags per core).
@inline(__always) func flagIndex(src: Int64, dst: Int64, id: Int64) -> Int { Int(src) * 32 + Int(dst) * 8 + Int(id) }

/// `(MTE2->V, 3)` style name of a flag index.
func flagName(_ i: Int) -> String {
    let src = ISAPipeName(i / 32), dst = ISAPipeName((i / 8) % 4)
    return "(\(src)->\(dst), \(i % 8))"
}

func ISAPipeName(_ p: Int) -> String { ["S", "V", "MTE2", "MTE3"][p & 3] }

