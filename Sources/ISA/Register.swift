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

    /// The number in a name of register syntax (`r` and 1 to 11 digits: `r5`, `r40`, `r007`),
    /// whether or not such a register exists; nil for any other name. Such names are reserved:
    /// the assembler reads them as registers wherever an operand may be one, so a parameter or
    /// buffer called `r22` could be declared but never named (the assembler refuses it, and the
    /// bytecode validator too, so that every loadable file disassembles to text that assembles).
    public static func number(inName name: String) -> Int? {
        let u = name.utf8
        guard u.count >= 2, u.count <= 12, u.first == UInt8(ascii: "r") else { return nil }
        var n = 0
        for c in u.dropFirst() {
            guard c >= 48, c <= 57 else { return nil }
            n = n * 10 + Int(c - 48)
        }
        return n
    }

    public static func < (a: Register, b: Register) -> Bool { a.index < b.index }
}
