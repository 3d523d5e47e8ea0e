/// A small command-line parser shared by the commands (`vasm`, `vrun`, `vbench`), following
/// swift-argument-parser's conventions without depending on it: `--name value`,
/// `--name=value`, `-o value`, `-DNAME=VALUE` (short options glued to their value), repeated
/// options, flags, positionals, `--` to end options, `-h`/`--help`. Problems are values
/// (`UsageError`), so a command can print `Error: ...` and a usage line and exit 64.
public struct ArgumentOption: Sendable {
    /// Spellings, e.g. `["-o", "--output"]`.
    public var names: [String]
    /// The key the parsed value is stored under (defaults to the longest name without dashes).
    public var key: String
    /// nil for a flag; otherwise the value's placeholder in help, e.g. `FILE`.
    public var valueName: String?
    /// Whether the option may be given more than once (values are kept in order).
    public var repeatable: Bool
    public var help: String

    public init(_ names: [String], key: String? = nil, value valueName: String? = nil, repeatable: Bool = false, help: String) {
        self.names = names
        self.key = key ?? String((names.max { $0.count < $1.count } ?? "").drop { $0 == "-" })
        self.valueName = valueName
        self.repeatable = repeatable
        self.help = help
    }

    public var isFlag: Bool { valueName == nil }
}

/// A positional argument, for help and count checks.
public struct ArgumentPositional: Sendable {
    public var name: String
    public var help: String
    public var optional: Bool
    public init(_ name: String, optional: Bool = false, help: String) {
        self.name = name
        self.optional = optional
        self.help = help
    }
}

/// What a command accepts: its name, a one-line summary, options and positionals.
public struct ArgumentSpec: Sendable {
    public var command: String
    public var summary: String
    public var options: [ArgumentOption]
    public var positionals: [ArgumentPositional]
    /// Extra usage lines for other forms of the command (e.g. `vasm -d FILE.vbin`).
    public var extraUsage: [String]

    public init(command: String, summary: String, options: [ArgumentOption], positionals: [ArgumentPositional], extraUsage: [String] = []) {
        self.command = command
        self.summary = summary
        self.options = options
        self.positionals = positionals
        self.extraUsage = extraUsage
    }

    /// `USAGE: vasm FILE.asm [-o FILE] [-D NAME=VALUE]...` (the first line of help, and the line
    /// printed after a usage error).
    public var usage: String {
        var parts = [command]
        for p in positionals { parts.append(p.optional ? "[\(p.name)]" : p.name) }
        for o in options where !["help"].contains(o.key) {
            let name = o.names.first ?? o.key
            var s = o.isFlag ? "[\(name)]" : "[\(name) \(o.valueName ?? "VALUE")]"
            if o.repeatable { s += "..." }
            parts.append(s)
        }
        var lines = ["USAGE: " + parts.joined(separator: " ")]
        for e in extraUsage { lines.append("       " + e) }
        return lines.joined(separator: "\n")
    }

    /// Full help text for `--help`.
    public var help: String {
        var s = usage + "\n\n" + summary + "\n"
        if !positionals.isEmpty {
            s += "\nARGUMENTS:\n"
            for p in positionals { s += "  " + pad(p.name, 26) + p.help + "\n" }
        }
        s += "\nOPTIONS:\n"
        for o in options {
            let names = o.names.joined(separator: ", ") + (o.valueName.map { " " + $0 } ?? "")
            s += "  " + pad(names, 26) + o.help + "\n"
        }
        return s
    }

    private func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s + "  " : s + String(repeating: " ", count: n - s.count) }

    func option(named name: String) -> ArgumentOption? { options.first { $0.names.contains(name) } }
}

/// A usage problem: printed as `Error: message` plus the usage line; exit code 64.
public struct UsageError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "Error: \(message)" }
}

/// The parsed command line.
public struct ParsedArguments: Sendable {
    public var flags: Set<String> = []
    public var values: [String: [String]] = [:]
    public var positionals: [String] = []
    /// True when `-h` or `--help` was given (the rest is then not checked).
    public var helpRequested = false

    public init() {}

    public func flag(_ key: String) -> Bool { flags.contains(key) }
    /// The last value of an option, or nil.
    public func value(_ key: String) -> String? { values[key]?.last }
    /// Every value of a repeatable option, in order.
    public func all(_ key: String) -> [String] { values[key] ?? [] }

    /// An option's value as an integer in `range` (decimal or `0x` hex, `_` separators).
    public func integer<T: FixedWidthInteger>(_ key: String, as: T.Type = T.self, in range: ClosedRange<T>? = nil) -> Result<T?, UsageError> {
        guard let s = value(key) else { return .success(nil) }
        let clean = s.filter { $0 != "_" }
        let parsed = clean.hasPrefix("0x") ? T(clean.dropFirst(2), radix: 16) : T(clean)
        guard let v = parsed, range?.contains(v) ?? true else {
            let bounds = range.map { " (\($0.lowerBound)...\($0.upperBound))" } ?? ""
            return .failure(UsageError("--\(key): '\(s)' is not a valid number\(bounds)"))
        }
        return .success(v)
    }
}

/// Parses `arguments` (without the program name) against a spec.
public enum ArgumentParser {
    public static func parse(_ arguments: [String], _ spec: ArgumentSpec) -> Result<ParsedArguments, UsageError> {
        var out = ParsedArguments()
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if optionsEnded || !a.hasPrefix("-") || a == "-" {
                out.positionals.append(a)
                continue
            }
            if a == "--" { optionsEnded = true; continue }
            if a == "-h" || a == "--help" { out.helpRequested = true; return .success(out) }
            // Split `--name=value`, or a short option glued to its value (`-DNAME=1`, `-ofile`).
            var name = a
            var inline: String?
            if a.hasPrefix("--"), let eq = a.firstIndex(of: "=") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            } else if !a.hasPrefix("--"), a.count > 2, spec.option(named: a) == nil {
                name = String(a.prefix(2))
                inline = String(a.dropFirst(2))
            }
            guard let o = spec.option(named: name) else {
                return .failure(UsageError("unknown option '\(a)'"))
            }
            if o.isFlag {
                if inline != nil { return .failure(UsageError("option '\(name)' does not take a value")) }
                out.flags.insert(o.key)
                continue
            }
            let value: String
            if let v = inline {
                value = v
            } else {
                guard i < arguments.count else { return .failure(UsageError("option '\(name)' needs a value (\(o.valueName ?? "VALUE"))")) }
                value = arguments[i]
                i += 1
            }
            if !o.repeatable, out.values[o.key] != nil {
                return .failure(UsageError("option '\(name)' is given more than once"))
            }
            out.values[o.key, default: []].append(value)
        }
        return .success(out)
    }

    /// Checks the positional count against the spec (after any command-specific checks that
    /// change which positionals are needed).
    public static func checkPositionals(_ parsed: ParsedArguments, _ spec: ArgumentSpec) -> UsageError? {
        let required = spec.positionals.filter { !$0.optional }.count
        if parsed.positionals.count < required {
            let missing = spec.positionals.filter { !$0.optional }[parsed.positionals.count].name
            return UsageError("missing argument \(missing)")
        }
        if parsed.positionals.count > spec.positionals.count {
            return UsageError("unexpected argument '\(parsed.positionals[spec.positionals.count])'")
        }
        return nil
    }
}
