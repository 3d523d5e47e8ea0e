/// Comparison conditions of `cset`, the branches, `vcmp` and `vcmps`. Integer comparisons are
/// signed; float comparisons are ordered (any comparison with NaN is false except `ne`).
public enum Condition: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case eq = 0, ne, lt, le, gt, ge

    public var name: String {
        switch self {
        case .eq: "eq"
        case .ne: "ne"
        case .lt: "lt"
        case .le: "le"
        case .gt: "gt"
        case .ge: "ge"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        guard let c = Condition.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = c
    }

    /// Integer comparison.
    @inline(__always)
    public func holds(_ a: Int64, _ b: Int64) -> Bool {
        switch self {
        case .eq: a == b
        case .ne: a != b
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        }
    }

    /// Float comparison (IEEE: NaN compares unequal to everything).
    @inline(__always)
    public func holds(_ a: Float, _ b: Float) -> Bool {
        switch self {
        case .eq: a == b
        case .ne: a != b
        case .lt: a < b
        case .le: a <= b
        case .gt: a > b
        case .ge: a >= b
        }
    }
}

/// Rounding modes of conversions (`vcvt`, `ftoi`).
public enum RoundMode: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// Round to nearest, ties to even.
    case rn = 0
    /// Round toward zero (truncate).
    case rz
    /// Round toward minus infinity.
    case floor
    /// Round toward plus infinity.
    case ceil
    /// Round to nearest, ties away from zero.
    case ra

    public var name: String {
        switch self {
        case .rn: "rn"
        case .rz: "rz"
        case .floor: "floor"
        case .ceil: "ceil"
        case .ra: "ra"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        guard let m = RoundMode.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = m
    }

    public var floatingPointRule: FloatingPointRoundingRule {
        switch self {
        case .rn: .toNearestOrEven
        case .rz: .towardZero
        case .floor: .down
        case .ceil: .up
        case .ra: .toNearestOrAwayFromZero
        }
    }
}
