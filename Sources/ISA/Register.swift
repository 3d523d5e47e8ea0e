/// A scalar register of a vector core: `r0` ... `r31`, 64 bits wide.
///
/// Registers hold integers (two's complement) or, for the float scalar instructions, an IEEE
/// binary32 bit pattern in the low 32 bits. The wrapper keeps register numbers from being mixed
/// up with immediates or addresses.
public struct Register: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Number of scalar registers per core.
    public static let count = 32

    public let index: UInt8

    /// Creates a register; `nil` when `index` is out of range.
    public init?(_ index: Int) {
        guard index >= 0, index < Register.count else { return nil }
        self.index = UInt8(index)
    }

    public var description: String { "r\(index)" }

    public static func < (a: Register, b: Register) -> Bool { a.index < b.index }
}
