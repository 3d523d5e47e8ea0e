import Interpreter

/// The command line of `vrun`, checked for syntax: numbers are numbers, lists and windows are
/// well formed, `NAME=VALUE` pairs have a name. Checks that need the kernel or the machine
/// (parameter names, core indices) come later, in `VrunBindings` and `VrunCommand`.
struct VrunSettings {
    var kernel: String
    var machine: String?
    var cores: Int?
    var threads: Int?
    var strict: Bool
    var checks: Bool
    var json: Bool
    var profile: Bool
    var trace: String?
    var traceCores: Set<Int>?
    var traceStart: Double?
    var traceEnd: Double?
    var traceLimit: Int?
    var maxCycles: Double?
    var maxInstructions: Int?
    var maxGMBytes: Int?
    /// GM parameters the kernel never reads (`RunOptions.writeOnly`), from `--write-only A,B`.
    var writeOnly: [String]
    var defines: [String: String]
    var params: [(name: String, value: String)]
    var inputs: [(name: String, value: String)]
    var outputs: [(name: String, value: String)]
    var allocs: [(name: String, value: String)]

    static func from(_ p: ParsedArguments) -> Result<VrunSettings, UsageError> {
        do { return .success(try parse(p)) } catch { return .failure(error) }
    }

    private static func parse(_ p: ParsedArguments) throws(UsageError) -> VrunSettings {
        let kernel = p.positionals[0]
        let cores = try p.integer("cores", as: Int.self, in: 1...1_000_000).get()
        let threads = try p.integer("threads", as: Int.self, in: 1...4096).get()
        let maxInstructions = try p.integer("max-instructions", as: Int.self, in: 1...Int.max).get()
        var maxCycles: Double?
        if let s = p.value("max-cycles") {
            guard let d = Double(s.filter { $0 != "_" }), d.isFinite, d > 0 else {
                throw UsageError("--max-cycles: '\(s)' is not a positive number of cycles")
            }
            maxCycles = d
        }
        var defines: [String: String] = [:]
        for d in p.all("define") {
            let name = String(d.prefix { $0 != "=" })
            let value = d.contains("=") ? String(d.drop { $0 != "=" }.dropFirst()) : ""
            if name.isEmpty { throw UsageError("-D needs NAME or NAME=VALUE, found '\(d)'") }
            if defines[name] != nil { throw UsageError("-D \(name) is given more than once") }
            defines[name] = value
        }
        var traceCores: Set<Int>?
        if let list = p.value("trace-cores") { traceCores = try parseCoreList(list) }
        var window: (Double?, Double?) = (nil, nil)
        if let w = p.value("trace-window") { window = try parseWindow(w) }
        let traceLimit = try p.integer("trace-limit", as: Int.self, in: 1...Int.max).get()
        if p.value("trace") == nil, p.value("trace-cores") != nil || p.value("trace-window") != nil || traceLimit != nil {
            throw UsageError("--trace-cores, --trace-window and --trace-limit narrow a trace: add --trace FILE.json")
        }
        return VrunSettings(
            kernel: kernel, machine: p.value("machine"), cores: cores, threads: threads,
            strict: p.flag("strict"), checks: !p.flag("no-checks"), json: p.flag("json"), profile: p.flag("profile"),
            trace: p.value("trace"), traceCores: traceCores, traceStart: window.0, traceEnd: window.1, traceLimit: traceLimit,
            maxCycles: maxCycles, maxInstructions: maxInstructions,
            maxGMBytes: try p.integer("max-gm-bytes", as: Int.self, in: 1...Int.max).get(),
            writeOnly: try names(p.all("write-only"), option: "--write-only"), defines: defines,
            params: try pairs(p.all("param"), option: "--param", value: "VALUE"),
            inputs: try pairs(p.all("in"), option: "--in", value: "FILE.npy"),
            outputs: try pairs(p.all("out"), option: "--out", value: "FILE.npy"),
            allocs: try pairs(p.all("alloc"), option: "--alloc", value: "TYPE[DIMS]"))
    }

    /// The names of a repeatable `A,B,...` option, in order, each once.
    static func names(_ values: [String], option: String) throws(UsageError) -> [String] {
        var out: [String] = []
        for v in values {
            for n in v.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
                if n.isEmpty { throw UsageError("\(option) needs NAME[,NAME...], found '\(v)'") }
                if !out.contains(n) { out.append(n) }
            }
        }
        return out
    }

    /// `NAME=VALUE` values of a repeatable option, split at the first `=`.
    static func pairs(_ values: [String], option: String, value: String) throws(UsageError) -> [(name: String, value: String)] {
        var out: [(name: String, value: String)] = []
        for v in values {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex, v.index(after: eq) != v.endIndex else {
                throw UsageError("\(option) needs NAME=\(value), found '\(v)'")
            }
            out.append((String(v[..<eq]), String(v[v.index(after: eq)...])))
        }
        return out
    }

    /// `0,1,5-7` -> {0, 1, 5, 6, 7}.
    static func parseCoreList(_ s: String) throws(UsageError) -> Set<Int> {
        var out = Set<Int>()
        let bad = UsageError("--trace-cores: '\(s)' is not a list of cores like 0,1,5-7")
        for part in s.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 1 || bounds.count == 2,
                  let lo = Int(trim(bounds[0])), lo >= 0, lo < 1_000_000,
                  let hi = bounds.count == 2 ? Int(trim(bounds[1])) : lo, hi >= lo, hi < 1_000_000
            else { throw bad }
            for c in lo...hi { out.insert(c) }
        }
        return out
    }

    /// `START:END` in cycles, either side may be empty: `1000:`, `:5e5`.
    static func parseWindow(_ s: String) throws(UsageError) -> (Double?, Double?) {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        let bad = UsageError("--trace-window: '\(s)' is not START:END in cycles (either may be left out, e.g. 0:50000)")
        guard parts.count == 2 else { throw bad }
        func bound(_ t: Substring) throws(UsageError) -> Double? {
            let clean = trim(t).filter { $0 != "_" }
            if clean.isEmpty { return nil }
            guard let d = Double(clean), d.isFinite, d >= 0 else { throw bad }
            return d
        }
        let start = try bound(parts[0]), end = try bound(parts[1])
        if let start, let end, start >= end {
            throw UsageError("--trace-window: START (\(parts[0])) must be before END (\(parts[1]))")
        }
        return (start, end)
    }

    /// Without leading and trailing spaces.
    static func trim(_ s: Substring) -> String {
        var t = s
        while t.first == " " { t.removeFirst() }
        while t.last == " " { t.removeLast() }
        return String(t)
    }
}
