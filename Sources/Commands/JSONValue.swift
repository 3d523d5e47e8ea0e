import Interpreter

/// A JSON document built in code and rendered with a deterministic key order: objects keep the
/// order their fields were given in (insertion order), so `vrun --json` always prints the same
/// bytes for the same run and a reader sees the important fields first.
///
/// Strings and numbers are spelled by `JSONText` (shared with the Chrome trace writer): strings
/// fully escaped, integers without a fraction, non-finite numbers as `null`.
///
///     let v: JSONValue = .object([("cycles", .number(1234)), ("errors", .array([]))])
///     v.rendered()   // {"cycles":1234,"errors":[]}
public indirect enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    /// Fields in the order they are written. A repeated key is written twice: build objects
    /// with `JSONObject` to keep keys unique.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y || (x.isNaN && y.isNaN)
        case (.integer(let x), .integer(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// An optional number: `null` when absent.
    public static func number(_ d: Double?) -> JSONValue { d.map { .number($0) } ?? .null }
    /// An integer.
    public static func int<I: BinaryInteger>(_ i: I) -> JSONValue { .integer(Int64(clamping: i)) }
    /// An optional string: `null` when absent.
    public static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

    /// Compact JSON (no spaces) when `indent` is nil; otherwise pretty-printed with that many
    /// spaces per level. Arrays of scalars stay on one line either way.
    public func rendered(indent: Int? = nil) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: indent, level: 0)
        return String(decoding: out, as: UTF8.self)
    }

    private var isScalar: Bool {
        switch self {
        case .array, .object: false
        default: true
        }
    }

    private func write(to out: inout [UInt8], indent: Int?, level: Int) {
        func newline(_ l: Int) {
            guard let indent else { return }
            out.append(0x0A)
            out.append(contentsOf: [UInt8](repeating: 0x20, count: indent * l))
        }
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let d): out.append(contentsOf: JSONText.number(d).utf8)
        case .integer(let i): out.append(contentsOf: String(i).utf8)
        case .string(let s): JSONText.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(0x5B)
            let flat = items.allSatisfy(\.isScalar)
            for (k, v) in items.enumerated() {
                if k > 0 { out.append(0x2C); if flat && indent != nil { out.append(0x20) } }
                if !flat { newline(level + 1) }
                v.write(to: &out, indent: indent, level: level + 1)
            }
            if !flat && !items.isEmpty { newline(level) }
            out.append(0x5D)
        case .object(let fields):
            out.append(0x7B)
            for (k, (key, v)) in fields.enumerated() {
                if k > 0 { out.append(0x2C) }
                newline(level + 1)
                JSONText.appendQuoted(key, to: &out)
                out.append(0x3A)
                if indent != nil { out.append(0x20) }
                v.write(to: &out, indent: indent, level: level + 1)
            }
            if !fields.isEmpty { newline(level) }
            out.append(0x7D)
        }
    }
}

/// Builds a JSON object field by field; setting a key again replaces its value in place, so
/// keys stay unique and in first-set order.
public struct JSONObject: Sendable {
    public private(set) var fields: [(String, JSONValue)] = []
    private var index: [String: Int] = [:]

    public init() {}

    public subscript(key: String) -> JSONValue? {
        get { index[key].map { fields[$0].1 } }
        set {
            if let i = index[key] {
                if let v = newValue { fields[i].1 = v } else {
                    fields.remove(at: i)
                    index = [:]
                    for (k, f) in fields.enumerated() { index[f.0] = k }
                }
            } else if let v = newValue {
                index[key] = fields.count
                fields.append((key, v))
            }
        }
    }

    public var value: JSONValue { .object(fields) }
}
