/// Element types of UB and GM data, used as instruction type suffixes (`vadd.f32`).
public enum ElementType: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case u8 = 1
    case f16 = 2
    case f32 = 3
    case i32 = 4
    case u32 = 5
    case i64 = 6

    /// Size of one element in bytes.
    public var size: Int {
        switch self {
        case .u8: 1
        case .f16: 2
        case .f32, .i32, .u32: 4
        case .i64: 8
        }
    }

    public var isFloat: Bool { self == .f16 || self == .f32 }

    public var description: String { name }

    public var name: String {
        switch self {
        case .u8: "u8"
        case .f16: "f16"
        case .f32: "f32"
        case .i32: "i32"
        case .u32: "u32"
        case .i64: "i64"
        }
    }

    public init?(name: String) {
        guard let t = ElementType.allCases.first(where: { $0.name == name }) else { return nil }
        self = t
    }
}

/// The type suffix of one instruction: none, one element type (`vadd.f32`), or a destination and
/// source pair for conversions (`vcvt.f32.f16`).
///
/// Encoded in one byte: 0 for none, the element type's raw value for one type, and
/// `dst << 4 | src` for a pair (always >= 0x11, so the forms never collide).
public enum TypeSuffix: Hashable, Sendable, CustomStringConvertible {
    case none
    case single(ElementType)
    case pair(ElementType, ElementType)

    public var byte: UInt8 {
        switch self {
        case .none: 0
        case .single(let t): t.rawValue
        case .pair(let d, let s): d.rawValue << 4 | s.rawValue
        }
    }

    public init?(byte: UInt8) {
        if byte == 0 { self = .none; return }
        if byte < 0x10 {
            guard let t = ElementType(rawValue: byte) else { return nil }
            self = .single(t)
            return
        }
        guard let d = ElementType(rawValue: byte >> 4), let s = ElementType(rawValue: byte & 0xF) else { return nil }
        self = .pair(d, s)
    }

    /// The text after the mnemonic, including the leading dot; empty for `.none`.
    public var description: String {
        switch self {
        case .none: ""
        case .single(let t): ".\(t.name)"
        case .pair(let d, let s): ".\(d.name).\(s.name)"
        }
    }

    /// The element type of a single suffix, or the destination type of a pair.
    public var primary: ElementType? {
        switch self {
        case .none: nil
        case .single(let t): t
        case .pair(let d, _): d
        }
    }
}
