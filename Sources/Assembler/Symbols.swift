import ISA

/// A name with an integer value: a `.equ` constant, a `-D` definition or a buffer (whose value
/// is its UB offset). They share one namespace so that an expression name means one thing.
struct Symbol {
    enum Kind { case constant, define, buffer(Int) }
    var kind: Kind
    var value: Int64
    var site: Site
    var used = false
}

/// A code label: the index of the instruction that follows it.
struct Label {
    var pc: Int
    var site: Site
    var used = false
}

/// A branch operand waiting for its label (labels may be used before they are defined).
struct Fixup {
    var pc: Int
    var operand: Int
    /// Qualified label name (local labels carry their scope).
    var name: String
    /// The name as written, for messages.
    var written: String
    var site: Site
    var notes: [(Site, String)]
}

/// Where an instruction came from: its real site, or the location a `.loc` set.
enum DebugLocation {
    case site(Site)
    case explicit(SourceLocation)
}

/// Answers expression lookups from the assembler's tables and marks what was used.
struct ContextResolver: SymbolResolver {
    unowned let context: AssemblyContext

    mutating func value(of name: String) -> Int64? {
        guard let s = context.symbols[name] else { return nil }
        context.symbols[name]?.used = true
        return s.value
    }

    mutating func size(ofBuffer name: String) -> Int64? {
        guard let s = context.symbols[name], case .buffer(let i) = s.kind else { return nil }
        context.symbols[name]?.used = true
        return Int64(context.buffers[i].size)
    }

    func isDefined(_ name: String) -> Bool { context.symbols[name] != nil }

    func hint(forUndefined name: String) -> String {
        if context.registerAliases[name] != nil || AssemblyContext.registerNumber(name) != nil {
            return " (a register is not a constant here)"
        }
        if context.paramIndex[name] != nil { return " ('\(name)' is a parameter: read it with ldparam)" }
        if context.labels[name] != nil { return " (labels are branch targets, not values)" }
        return " (constants and buffers must be defined before they are used)"
    }
}

extension AssemblyContext {
    /// Evaluates an integer expression over a token range of a statement.
    func evaluate(_ line: StatementTokens, _ range: Range<Int>) throws(LineError) -> Int64 {
        var e = ExpressionEvaluator(tokens: line.tokens, range: range, bytes: line.view.bytes, resolver: ContextResolver(context: self))
        return try e.evaluate()
    }

    /// `rN` with N a decimal number (any N: range is checked by the caller), else nil.
    static func registerNumber(_ name: String) -> Int? { Register.number(inName: name) }

    /// A register by name (`r5` or a `.reg` alias); `.failure` for `r32` and beyond; nil when the
    /// name is not a register at all.
    func register(named name: String) -> Result<Register, LineError>? {
        if let a = registerAliases[name] { return .success(a.0) }
        guard let n = Self.registerNumber(name) else { return nil }
        guard let r = Register(n) else {
            return .failure(LineError(offset: 0, id: "asm.bad-register", message: "no register '\(name)': registers are r0 ... r\(Register.count - 1)"))
        }
        return .success(r)
    }

    /// Checks a name about to be declared: an identifier that cannot be mistaken for a register.
    func checkNewName(_ name: String, _ what: String, _ view: LineView, _ offset: Int) -> Bool {
        guard isIdentifier(name) else {
            error("asm.syntax", "'\(name)' is not a valid \(what) name", view, offset)
            return false
        }
        if Self.registerNumber(name) != nil {
            error("asm.reserved-name", "'\(name)' is a register name and cannot name a \(what)", view, offset)
            return false
        }
        return true
    }

    /// Reports a clash with an existing symbol, alias or parameter; true when the name is free.
    func checkUnusedSymbolName(_ name: String, _ view: LineView, _ offset: Int) -> Bool {
        if let s = symbols[name] {
            if case .define = s.kind {
                error("asm.duplicate-symbol", "'\(name)' is already defined with -D (use '.ifndef \(name)' to give a default)", view, offset)
            } else {
                error("asm.duplicate-symbol", "'\(name)' is already defined", view, offset, notes: [(s.site, "first defined here")])
            }
            return false
        }
        if let a = registerAliases[name] {
            error("asm.duplicate-symbol", "'\(name)' is already a register alias", view, offset, notes: [(a.1, "first defined here")])
            return false
        }
        return true
    }

    /// `-D NAME=VALUE` from the options, before the first line, in name order (so diagnostics
    /// are deterministic). A value may use names defined before it in that order.
    func defineFromCommandLine() {
        for name in options.defines.keys.sorted() {
            let value = options.defines[name] ?? ""
            guard isIdentifier(name), Self.registerNumber(name) == nil, !name.hasPrefix(".") else {
                error("asm.bad-define", "-D \(name): '\(name)' is not a valid name", at: .commandLine)
                continue
            }
            var v: Int64 = 1
            if !value.isEmpty {
                let bytes = Array(value.utf8)
                switch Lexer.tokenize(bytes, 0..<bytes.count) {
                case .failure(let e):
                    error("asm.bad-define", "-D \(name)=\(value): \(e.message)", at: .commandLine)
                    continue
                case .success(let r):
                    var ev = ExpressionEvaluator(tokens: r.tokens, range: 0..<r.tokens.count, bytes: bytes, resolver: ContextResolver(context: self))
                    do {
                        v = try ev.evaluate()
                    } catch {
                        self.error("asm.bad-define", "-D \(name)=\(value): \(error.message)", at: .commandLine)
                        continue
                    }
                }
            }
            symbols[name] = Symbol(kind: .define, value: v, site: .commandLine, used: true)
        }
    }

    /// `name:` — a global label opens a new scope for local labels (`.name`).
    func defineLabel(_ name: String, view: LineView, at offset: Int) {
        let qualified: String
        if name.hasPrefix(".") {
            qualified = scope + "::" + name
        } else {
            guard checkNewName(name, "label", view, offset) else { return }
            qualified = name
            scope = name
        }
        let site = view.site(offset)
        if let old = labels[qualified] {
            error("asm.duplicate-label", "label '\(name)' is already defined", view, offset, notes: [(old.site, "first defined here")])
            return
        }
        labels[qualified] = Label(pc: instructions.count, site: site)
    }

    /// The qualified form of a label reference at this point of the source.
    func qualifiedLabel(_ name: String) -> String { name.hasPrefix(".") ? scope + "::" + name : name }
}
