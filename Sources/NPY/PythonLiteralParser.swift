/// The few Python literal forms a `.npy` header can hold.
enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case none
    /// nil when the integer does not fit in `Int`.
    case int(Int?)
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dict([(String, PythonLiteral)])

    static func == (a: PythonLiteral, b: PythonLiteral) -> Bool {
        switch (a, b) {
        case (.string(let x), .string(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.none, .none): true
        case (.int(let x), .int(let y)): x == y
        case (.tuple(let x), .tuple(let y)), (.list(let x), .list(let y)): x == y
        case (.dict(let x), .dict(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    /// A short description for error messages.
    var brief: String {
        switch self {
        case .string(let s): "'\(s)'"
        case .bool(let b): b ? "True" : "False"
        case .none: "None"
        case .int(let n): n.map(String.init) ?? "a huge integer"
        case .tuple: "a tuple"
        case .list: "a list"
        case .dict: "a dictionary"
        }
    }
}

/// A recursive-descent parser for the Python literal subset found in `.npy` headers
/// (the part of `ast.literal_eval` NumPy relies on). Works on bytes: every token we accept is
/// ASCII, so latin-1 (format 1 and 2) and UTF-8 (format 3) headers parse the same way.
struct PythonLiteralParser {
    let bytes: ArraySlice<UInt8>
    let file: String
    var index: Int
    var depth = 0
    /// Nesting deeper than this is refused rather than risking the stack on hostile input.
    static let maxDepth = 16

    init(bytes: ArraySlice<UInt8>, file: String) {
        self.bytes = bytes
        self.file = file
        self.index = bytes.startIndex
    }

    /// The header text, shortened, for messages.
    var excerpt: String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return "'" + text.trimmingTrailingWhitespace() + (bytes.count > 80 ? "..." : "") + "'"
    }

    mutating func parseTopLevel() throws(NPYError) -> PythonLiteral {
        let value = try parseValue()
        skipSpace()
        guard index == bytes.endIndex else { throw error("unexpected text after the dictionary") }
        return value
    }

    private func error(_ what: String) -> NPYError {
        NPYError(.header, file: file, "malformed header at byte \(index - bytes.startIndex): \(what) in \(excerpt)")
    }

    private mutating func skipSpace() {
        while index < bytes.endIndex, [0x20, 0x0a, 0x0d, 0x09, 0x0c, 0x0b].contains(bytes[index]) { index += 1 }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return index < bytes.endIndex ? bytes[index] : nil
    }

    private mutating func expect(_ byte: UInt8) throws(NPYError) {
        guard peek() == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    private mutating func parseValue() throws(NPYError) -> PythonLiteral {
        guard let c = peek() else { throw error("unexpected end of header") }
        switch c {
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try nested { (p) throws(NPYError) in try p.parseDict() }
        case UInt8(ascii: "("): return try nested { (p) throws(NPYError) in try p.parseSequence(close: UInt8(ascii: ")"), tuple: true) }
        case UInt8(ascii: "["): return try nested { (p) throws(NPYError) in try p.parseSequence(close: UInt8(ascii: "]"), tuple: false) }
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"): return try parseInt()
        default:
            let word = parseWord()
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default: throw error(word.isEmpty ? "unexpected character" : "unexpected word '\(word)'")
            }
        }
    }

    private mutating func nested(_ body: (inout PythonLiteralParser) throws(NPYError) -> PythonLiteral) throws(NPYError) -> PythonLiteral {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw error("nesting deeper than \(Self.maxDepth)") }
        index += 1  // the opening bracket
        return try body(&self)
    }

    private mutating func parseWord() -> String {
        let start = index
        while index < bytes.endIndex, bytes[index] == UInt8(ascii: "_") || (bytes[index] | 0x20 >= UInt8(ascii: "a") && bytes[index] | 0x20 <= UInt8(ascii: "z")) {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func parseString() throws(NPYError) -> String {
        let quote = bytes[index]
        index += 1
        let start = index
        while index < bytes.endIndex, bytes[index] != quote {
            if bytes[index] == UInt8(ascii: "\\") { throw error("escape sequences in strings are not supported") }
            if bytes[index] == 0x0a { throw error("newline inside a string") }
            index += 1
        }
        guard index < bytes.endIndex else { throw error("unterminated string") }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        index += 1
        return text
    }

    private mutating func parseInt() throws(NPYError) -> PythonLiteral {
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        let start = index
        var value: Int? = 0
        while index < bytes.endIndex, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            let digit = Int(bytes[index] - UInt8(ascii: "0"))
            if let v = value {
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(digit)
                value = (o1 || o2) ? nil : s
            }
            index += 1
        }
        guard index > start else { throw error("expected digits") }
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "L") || bytes[index] == UInt8(ascii: "l") {
            index += 1  // Python 2 long suffix, written by old NumPy
        }
        return .int(value.map { negative ? -$0 : $0 })
    }

    /// After the opening bracket. A parenthesised single value without a comma is that value.
    private mutating func parseSequence(close: UInt8, tuple: Bool) throws(NPYError) -> PythonLiteral {
        var items: [PythonLiteral] = []
        var sawComma = false
        while true {
            if peek() == close { index += 1; break }
            items.append(try parseValue())
            if peek() == UInt8(ascii: ",") {
                index += 1
                sawComma = true
            } else {
                try expect(close)
                break
            }
        }
        if tuple {
            if items.count == 1 && !sawComma { return items[0] }
            return .tuple(items)
        }
        return .list(items)
    }

    /// After the opening brace.
    private mutating func parseDict() throws(NPYError) -> PythonLiteral {
        var entries: [(String, PythonLiteral)] = []
        while true {
            guard let c = peek() else { throw error("unterminated dictionary") }
            if c == UInt8(ascii: "}") { index += 1; break }
            guard c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") else { throw error("dictionary keys must be strings") }
            let key = try parseString()
            try expect(UInt8(ascii: ":"))
            entries.append((key, try parseValue()))
            if peek() == UInt8(ascii: ",") {
                index += 1
            } else {
                try expect(UInt8(ascii: "}"))
                break
            }
        }
        return .dict(entries)
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
