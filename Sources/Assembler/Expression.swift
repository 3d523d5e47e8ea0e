/// What an expression can ask about names. The assembler implements it over its symbol tables;
/// tests can implement it over a dictionary.
protocol SymbolResolver {
    /// The value of a constant, `-D` definition or buffer (its UB offset); marks the name used.
    mutating func value(of name: String) -> Int64?
    /// The byte size of a buffer.
    mutating func size(ofBuffer name: String) -> Int64?
    /// Whether `defined(name)` holds: a constant, `-D` definition or buffer of that name exists.
    func isDefined(_ name: String) -> Bool
    /// Extra words for an "undefined symbol" message (e.g. "labels are not values").
    func hint(forUndefined name: String) -> String
}

/// Evaluates an integer expression over a token range with C precedence in 64-bit signed
/// arithmetic. Overflow, division by zero and shifts outside 0...63 are errors, never traps or
/// silent wrap-around, because a wrong constant in a kernel is a wrong answer far from its cause.
/// `&&`, `||` short-circuit as in C: the side not taken is parsed but not evaluated, so
/// `defined(X) && X > 3` is fine when X is undefined.
struct ExpressionEvaluator<R: SymbolResolver> {
    let tokens: [Token]
    let bytes: [UInt8]
    private var pos: Int
    private let end: Int
    var resolver: R
    /// Above zero while parsing a side that is not evaluated.
    private var skipping = 0
    /// Nesting of the recursive descent: bounded so that `((((...` cannot exhaust the stack.
    private var depth = 0
    static var maxDepth: Int { 200 }

    init(tokens: [Token], range: Range<Int>, bytes: [UInt8], resolver: R) {
        self.tokens = tokens
        self.bytes = bytes
        self.pos = range.lowerBound
        self.end = range.upperBound
        self.resolver = resolver
    }

    /// Evaluates the whole range; anything left over is an error.
    mutating func evaluate() throws(LineError) -> Int64 {
        guard pos < end else { throw LineError(offset: endOffset, id: "asm.syntax", message: "expected an expression") }
        let v = try binary(minPrecedence: 1)
        if pos < end {
            throw LineError(offset: tokens[pos].start, id: "asm.syntax",
                            message: "unexpected \(describe(tokens[pos])) in expression")
        }
        return v
    }

    private var endOffset: Int { end > 0 && end <= tokens.count ? tokens[end - 1].end : 0 }

    private func describe(_ t: Token) -> String {
        t.kind == .identifier || t.kind == .integer || t.kind == .float ? "'\(text(t))'" : t.kind.display
    }

    private func text(_ t: Token) -> String { String(decoding: bytes[t.start..<t.end], as: UTF8.self) }

    private static func precedence(_ k: TokenKind) -> Int? {
        switch k {
        case .oror: 1
        case .andand: 2
        case .pipe: 3
        case .caret: 4
        case .amp: 5
        case .eq, .ne: 6
        case .lt, .le, .gt, .ge: 7
        case .shl, .shr: 8
        case .plus, .minus: 9
        case .star, .slash, .percent: 10
        default: nil
        }
    }

    private mutating func binary(minPrecedence: Int) throws(LineError) -> Int64 {
        var lhs = try unary()
        while pos < end, let p = Self.precedence(tokens[pos].kind), p >= minPrecedence {
            let op = tokens[pos]
            pos += 1
            // Short-circuit: the right side of `0 && x` or `1 || x` is parsed, not evaluated.
            let skipRight = (op.kind == .andand && lhs == 0) || (op.kind == .oror && lhs != 0)
            if skipRight { skipping += 1 }
            let rhs = try binary(minPrecedence: p + 1)
            if skipRight { skipping -= 1 }
            lhs = try apply(op, lhs, rhs)
        }
        return lhs
    }

    private func overflow(_ op: Token, _ a: Int64, _ b: Int64) -> LineError {
        LineError(offset: op.start, id: "asm.overflow", message: "\(a) \(text(op)) \(b) overflows 64-bit signed arithmetic")
    }

    private func apply(_ op: Token, _ a: Int64, _ b: Int64) throws(LineError) -> Int64 {
        if skipping > 0 { return 0 }
        func checked(_ r: (partialValue: Int64, overflow: Bool)) throws(LineError) -> Int64 {
            if r.overflow { throw overflow(op, a, b) }
            return r.partialValue
        }
        switch op.kind {
        case .oror: return (a != 0 || b != 0) ? 1 : 0
        case .andand: return (a != 0 && b != 0) ? 1 : 0
        case .pipe: return a | b
        case .caret: return a ^ b
        case .amp: return a & b
        case .eq: return a == b ? 1 : 0
        case .ne: return a != b ? 1 : 0
        case .lt: return a < b ? 1 : 0
        case .le: return a <= b ? 1 : 0
        case .gt: return a > b ? 1 : 0
        case .ge: return a >= b ? 1 : 0
        case .plus: return try checked(a.addingReportingOverflow(b))
        case .minus: return try checked(a.subtractingReportingOverflow(b))
        case .star: return try checked(a.multipliedReportingOverflow(by: b))
        case .slash, .percent:
            if b == 0 {
                throw LineError(offset: op.start, id: "asm.division-by-zero", message: "division by zero in \(a) \(text(op)) 0")
            }
            return op.kind == .slash ? try checked(a.dividedReportingOverflow(by: b))
                : try checked(a.remainderReportingOverflow(dividingBy: b))
        case .shl, .shr:
            guard b >= 0, b <= 63 else {
                throw LineError(offset: op.start, id: "asm.overflow", message: "shift count \(b) is outside 0...63")
            }
            if op.kind == .shr { return a >> b }
            let r = a << b
            if r >> b != a { throw overflow(op, a, b) }
            return r
        default:
            return 0
        }
    }

    private mutating func unary() throws(LineError) -> Int64 {
        guard pos < end else { throw LineError(offset: endOffset, id: "asm.syntax", message: "expression ends too early") }
        let t = tokens[pos]
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw LineError(offset: t.start, id: "asm.syntax", message: "expression nested deeper than \(Self.maxDepth) levels")
        }
        switch t.kind {
        case .minus:
            pos += 1
            // -9223372036854775808: the one literal whose magnitude only fits once negated.
            if pos < end, tokens[pos].kind == .integer, tokens[pos].value == UInt64(1) << 63 {
                pos += 1
                return Int64.min
            }
            let v = try unary()
            if skipping > 0 { return 0 }
            if v == Int64.min { throw LineError(offset: t.start, id: "asm.overflow", message: "-(\(v)) overflows 64-bit signed arithmetic") }
            return -v
        case .plus:
            pos += 1
            return try unary()
        case .tilde:
            pos += 1
            return ~(try unary())
        case .bang:
            pos += 1
            return try unary() == 0 ? 1 : 0
        default:
            return try primary()
        }
    }

    private mutating func primary() throws(LineError) -> Int64 {
        let t = tokens[pos]
        switch t.kind {
        case .integer:
            pos += 1
            guard let v = Int64(exactly: t.value) else {
                throw LineError(offset: t.start, id: "asm.overflow", message: "integer literal \(text(t)) does not fit in 64-bit signed arithmetic")
            }
            return v
        case .lparen:
            pos += 1
            let v = try binary(minPrecedence: 1)
            try expect(.rparen, "')'")
            return v
        case .identifier:
            pos += 1
            let name = text(t)
            if pos < end, tokens[pos].kind == .lparen, let f = Function(rawValue: name) {
                pos += 1
                return try call(f, at: t)
            }
            if skipping > 0 { return 0 }
            guard let v = resolver.value(of: name) else {
                throw LineError(offset: t.start, id: "asm.undefined-symbol", message: "undefined symbol '\(name)'\(resolver.hint(forUndefined: name))")
            }
            return v
        case .float:
            throw LineError(offset: t.start, id: "asm.operand-kind", message: "float literal \(text(t)) where an integer is expected")
        default:
            throw LineError(offset: t.start, id: "asm.syntax", message: "expected a value, found \(describe(t))")
        }
    }

    private enum Function: String {
        case sizeof, align, min, max, defined
    }

    private mutating func call(_ f: Function, at t: Token) throws(LineError) -> Int64 {
        switch f {
        case .sizeof, .defined:
            guard pos < end, tokens[pos].kind == .identifier else {
                throw LineError(offset: pos < end ? tokens[pos].start : endOffset, id: "asm.syntax", message: "\(f.rawValue)( needs a name")
            }
            let nameToken = tokens[pos]
            let name = text(nameToken)
            pos += 1
            try expect(.rparen, "')'")
            if f == .defined { return resolver.isDefined(name) ? 1 : 0 }
            if skipping > 0 { return 0 }
            guard let s = resolver.size(ofBuffer: name) else {
                throw LineError(offset: nameToken.start, id: "asm.undefined-symbol", message: "sizeof: '\(name)' is not a buffer")
            }
            return s
        case .align, .min, .max:
            let a = try binary(minPrecedence: 1)
            try expect(.comma, "','")
            let b = try binary(minPrecedence: 1)
            try expect(.rparen, "')'")
            if skipping > 0 { return 0 }
            if f == .min { return Swift.min(a, b) }
            if f == .max { return Swift.max(a, b) }
            guard b > 0 else {
                throw LineError(offset: t.start, id: "asm.division-by-zero", message: "align(\(a), \(b)): the alignment must be positive")
            }
            let (up, o) = a.addingReportingOverflow(b - 1)
            if o { throw LineError(offset: t.start, id: "asm.overflow", message: "align(\(a), \(b)) overflows 64-bit signed arithmetic") }
            let r = up % b
            return up - (r < 0 ? r + b : r)
        }
    }

    private mutating func expect(_ k: TokenKind, _ what: String) throws(LineError) {
        guard pos < end, tokens[pos].kind == k else {
            let found = pos < end ? describe(tokens[pos]) : "the end of the expression"
            throw LineError(offset: pos < end ? tokens[pos].start : endOffset, id: "asm.syntax", message: "expected \(what), found \(found)")
        }
        pos += 1
    }
}
