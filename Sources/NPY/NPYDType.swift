/// The element types this module reads and writes, all little-endian.
///
/// `float64` is read (and may be written) so that files saved by NumPy with its default
/// dtype load without a round trip through Python; `bool` is NumPy's one-byte `|b1`.
public enum NPYDType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float16 = "<f2"
    case float32 = "<f4"
    case float64 = "<f8"
    case int32 = "<i4"
    case int64 = "<i8"
    case uint8 = "|u1"
    case bool = "|b1"

    /// Bytes per element.
    public var itemSize: Int {
        switch self {
        case .uint8, .bool: 1
        case .float16: 2
        case .float32, .int32: 4
        case .float64, .int64: 8
        }
    }

    public var isFloatingPoint: Bool { self == .float16 || self == .float32 || self == .float64 }

    /// The `descr` string written in headers (NumPy's own spelling).
    public var descr: String { rawValue }

    /// NumPy's name for the type, used in messages.
    public var description: String {
        switch self {
        case .float16: "float16"
        case .float32: "float32"
        case .float64: "float64"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .bool: "bool"
        }
    }

    /// Parses a `descr` string.
    ///
    /// One-byte types accept any byte-order mark (`|`, `<`, `>`, `=`) because order does not
    /// apply to them. Multi-byte types need `<` (or `=`, native, which is little-endian on every
    /// host Swift supports); `>` gives `npy.endian` so the user learns the data is fine but
    /// must be byte-swapped (`a.astype('<f4')`).
    static func parse(descr: String, file: String) throws(NPYError) -> NPYDType {
        guard descr.count >= 2, let order = descr.first else {
            throw NPYError(.dtype, file: file, "unsupported dtype '\(descr)'")
        }
        let code = String(descr.dropFirst())
        let type: NPYDType?
        switch code {
        case "f2": type = .float16
        case "f4": type = .float32
        case "f8": type = .float64
        case "i4": type = .int32
        case "i8": type = .int64
        case "u1": type = .uint8
        case "b1", "?": type = .bool
        default: type = nil
        }
        guard let type, "<>|=".contains(order) else {
            throw NPYError(.dtype, file: file,
                "unsupported dtype '\(descr)' (supported: <f2, <f4, <f8, <i4, <i8, |u1, |b1)")
        }
        if type.itemSize > 1 {
            if order == ">" {
                throw NPYError(.endian, file: file,
                    "big-endian dtype '\(descr)' is not supported; save little-endian data (numpy: a.astype('<\(code)'))")
            }
            if order == "|" {
                throw NPYError(.dtype, file: file, "dtype '\(descr)' has no byte order but is \(type.itemSize) bytes wide")
            }
        }
        return type
    }
}
