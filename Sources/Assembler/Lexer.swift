/// A problem found while reading one line (lexing, expressions, operands): the byte offset in
/// the line's buffer where it is, a stable id and a message. The caller turns the offset into a
/// file position.
struct LineError: Error {
    var offset: Int
    var id: String
    var message: String
}

/// Splits one line into tokens. Lines are lexed independently (the language is line-oriented),
/// straight from the file's bytes without copying; comments (`;` or `//` to the end of the
/// line) are dropped.
struct Lexer {
    let bytes: [UInt8]
    private var pos: Int
    private let end: Int
    /// Decoded string literals, indexed by `Token.value`.
    private(set) var strings: [String] = []

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.pos = range.lowerBound
        self.end = range.upperBound
    }

    /// Lexes the whole line.
    static func tokenize(_ bytes: [UInt8], _ range: Range<Int>) -> Result<(tokens: [Token], strings: [String]), LineError> {
        var lexer = Lexer(bytes: bytes, range: range)
        var tokens: [Token] = []
        do {
            while let t = try lexer.next() { tokens.append(t) }
        } catch {
            return .failure(error)
        }
        return .success((tokens, lexer.strings))
    }

    private mutating func next() throws(LineError) -> Token? {
        while pos < end, isSpace(bytes[pos]) { pos += 1 }
        guard pos < end else { return nil }
        let start = pos
        let c = bytes[pos]
        if c == UInt8(ascii: ";") || (c == UInt8(ascii: "/") && pos + 1 < end && bytes[pos + 1] == UInt8(ascii: "/")) {
            pos = end
            return nil
        }
        if isIdentStart(c) || (c == UInt8(ascii: ".") && pos + 1 < end && isIdentStart(bytes[pos + 1])) {
            pos += 1
            while pos < end, isIdentChar(bytes[pos]) { pos += 1 }
            return Token(kind: .identifier, start: start, end: pos)
        }
        if isDigit(c) { return try number() }
        if c == UInt8(ascii: "\"") { return try string() }
        pos += 1
        func two(_ second: Unicode.Scalar, _ double: TokenKind, _ single: TokenKind) -> Token {
            if pos < end, bytes[pos] == UInt8(ascii: second) {
                pos += 1
                return Token(kind: double, start: start, end: pos)
            }
            return Token(kind: single, start: start, end: pos)
        }
        switch c {
        case UInt8(ascii: ","): return Token(kind: .comma, start: start, end: pos)
        case UInt8(ascii: ":"): return Token(kind: .colon, start: start, end: pos)
        case UInt8(ascii: "("): return Token(kind: .lparen, start: start, end: pos)
        case UInt8(ascii: ")"): return Token(kind: .rparen, start: start, end: pos)
        case UInt8(ascii: "+"): return Token(kind: .plus, start: start, end: pos)
        case UInt8(ascii: "-"): return Token(kind: .minus, start: start, end: pos)
        case UInt8(ascii: "*"): return Token(kind: .star, start: start, end: pos)
        case UInt8(ascii: "/"): return Token(kind: .slash, start: start, end: pos)
        case UInt8(ascii: "%"): return Token(kind: .percent, start: start, end: pos)
        case UInt8(ascii: "^"): return Token(kind: .caret, start: start, end: pos)
        case UInt8(ascii: "~"): return Token(kind: .tilde, start: start, end: pos)
        case UInt8(ascii: "="): return two("=", .eq, .assign)
        case UInt8(ascii: "!"): return two("=", .ne, .bang)
        case UInt8(ascii: "&"): return two("&", .andand, .amp)
        case UInt8(ascii: "|"): return two("|", .oror, .pipe)
        case UInt8(ascii: "<"):
            if pos < end, bytes[pos] == UInt8(ascii: "<") { pos += 1; return Token(kind: .shl, start: start, end: pos) }
            return two("=", .le, .lt)
        case UInt8(ascii: ">"):
            if pos < end, bytes[pos] == UInt8(ascii: ">") { pos += 1; return Token(kind: .shr, start: start, end: pos) }
            return two("=", .ge, .gt)
        default:
            let shown = c >= 0x20 && c < 0x7F ? "'\(Character(Unicode.Scalar(c)))'" : "byte 0x\(String(c, radix: 16))"
            let hint = c == UInt8(ascii: "\\") ? " (macro arguments like \\name are only replaced inside a macro body)" : ""
            throw LineError(offset: start, id: "asm.unexpected-character", message: "unexpected character \(shown)\(hint)")
        }
    }

    /// Integer literals (decimal, `0x`, `0b`, with `_` separators) and float literals.
    private mutating func number() throws(LineError) -> Token {
        let start = pos
        var radix: UInt64 = 10
        if bytes[pos] == UInt8(ascii: "0"), pos + 1 < end {
            let p = bytes[pos + 1] | 0x20
            if p == UInt8(ascii: "x") { radix = 16; pos += 2 } else if p == UInt8(ascii: "b") { radix = 2; pos += 2 }
        }
        var value: UInt64 = 0
        var digits = 0
        var overflow = false
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: "_") { pos += 1; continue }
            guard let d = digitValue(c), d < radix else { break }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(d)
            overflow = overflow || o1 || o2
            value = a
            digits += 1
            pos += 1
        }
        if radix == 10, pos < end, bytes[pos] == UInt8(ascii: ".") || bytes[pos] | 0x20 == UInt8(ascii: "e") {
            return try floatTail(start: start)
        }
        if digits == 0 || (pos < end && isIdentChar(bytes[pos])) {
            while pos < end, isIdentChar(bytes[pos]) { pos += 1 }
            throw LineError(offset: start, id: "asm.bad-number", message: "malformed number '\(text(start, pos))'")
        }
        if overflow {
            throw LineError(offset: start, id: "asm.overflow", message: "integer literal \(text(start, pos)) does not fit in 64 bits")
        }
        return Token(kind: .integer, start: start, end: pos, value: value)
    }

    /// The rest of a float literal after its integer digits: `.digits` and/or `e[+-]digits`.
    private mutating func floatTail(start: Int) throws(LineError) -> Token {
        if bytes[pos] == UInt8(ascii: ".") {
            pos += 1
            while pos < end, isDigit(bytes[pos]) || bytes[pos] == UInt8(ascii: "_") { pos += 1 }
        }
        if pos < end, bytes[pos] | 0x20 == UInt8(ascii: "e") {
            pos += 1
            if pos < end, bytes[pos] == UInt8(ascii: "+") || bytes[pos] == UInt8(ascii: "-") { pos += 1 }
            let digitsStart = pos
            while pos < end, isDigit(bytes[pos]) { pos += 1 }
            if pos == digitsStart {
                throw LineError(offset: start, id: "asm.bad-number", message: "malformed float '\(text(start, pos))': exponent has no digits")
            }
        }
        if pos < end, isIdentChar(bytes[pos]) {
            while pos < end, isIdentChar(bytes[pos]) { pos += 1 }
            throw LineError(offset: start, id: "asm.bad-number", message: "malformed number '\(text(start, pos))'")
        }
        return Token(kind: .float, start: start, end: pos)
    }

    /// A double-quoted string with escapes `\"`, `\\`, `\n`, `\t` and `\xHH` (ASCII only, so the
    /// text stays valid UTF-8).
    private mutating func string() throws(LineError) -> Token {
        let start = pos
        pos += 1
        var out: [UInt8] = []
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") {
                pos += 1
                strings.append(String(decoding: out, as: UTF8.self))
                return Token(kind: .string, start: start, end: pos, value: UInt64(strings.count - 1))
            }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < end else { break }
                let e = bytes[pos + 1]
                pos += 2
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "x"):
                    guard pos + 1 < end, let h = digitValue(bytes[pos]), let l = digitValue(bytes[pos + 1]), h < 8, l < 16 else {
                        throw LineError(offset: pos - 2, id: "asm.bad-escape", message: "\\x needs two hex digits of an ASCII character (00..7f)")
                    }
                    out.append(UInt8(h * 16 + l))
                    pos += 2
                default:
                    throw LineError(offset: pos - 2, id: "asm.bad-escape", message: "unknown escape '\\\(Character(Unicode.Scalar(e)))' in string")
                }
                continue
            }
            out.append(c)
            pos += 1
        }
        throw LineError(offset: start, id: "asm.unterminated-string", message: "unterminated string: missing closing '\"'")
    }

    private func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }
}

@inline(__always) func digitValue(_ c: UInt8) -> UInt64? {
    switch c {
    case 0x30...0x39: UInt64(c - 0x30)
    case 0x61...0x66: UInt64(c - 0x61 + 10)
    case 0x41...0x46: UInt64(c - 0x41 + 10)
    default: nil
    }
}
