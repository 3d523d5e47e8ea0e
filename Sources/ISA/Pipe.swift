/// The in-order execution pipes of one vector core.
///
/// The scalar unit decodes the program in order and hands each instruction to the queue of its
/// pipe; the pipes run concurrently (brief: machine-910b.md, "One vector core").
public enum Pipe: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    /// Scalar unit: integer arithmetic, branches, scalar loads and stores, synchronisation issue.
    case s = 0
    /// Vector unit: all `v*` instructions and the UB gather.
    case v = 1
    /// Memory transfer engine 2: global memory to the Unified Buffer.
    case mte2 = 2
    /// Memory transfer engine 3: the Unified Buffer to global memory (including atomic adds).
    case mte3 = 3

    public var name: String {
        switch self {
        case .s: "S"
        case .v: "V"
        case .mte2: "MTE2"
        case .mte3: "MTE3"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        switch name.uppercased() {
        case "S": self = .s
        case "V": self = .v
        case "MTE2": self = .mte2
        case "MTE3": self = .mte3
        default: return nil
        }
    }
}

/// Operand of `pipe_barrier`: one pipe or all of them. `S` is not a legal barrier target
/// (brief: machine-910b.md, "Synchronisation").
public enum BarrierTarget: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case v = 1
    case mte2 = 2
    case mte3 = 3
    case all = 4

    public var name: String {
        switch self {
        case .v: "V"
        case .mte2: "MTE2"
        case .mte3: "MTE3"
        case .all: "ALL"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        switch name.uppercased() {
        case "V": self = .v
        case "MTE2": self = .mte2
        case "MTE3": self = .mte3
        case "ALL": self = .all
        default: return nil
        }
    }

    /// The single pipe this barrier orders, or nil for `ALL`.
    public var pipe: Pipe? { self == .all ? nil : Pipe(rawValue: rawValue) }
}
