import Assembler
import Commands
import Dispatch
import Foundation
import Interpreter
import ISA
import NPY
import XCTest

/// The negative corpus (docs/Robustness.md): every file `Corpus/CATEGORY/NAME.EXT` that has a
/// `NAME.expect` beside it is one hostile input, run in-process through the layer that must
/// reject it (the assembler, the bytecode loader, the .npy reader, the simulator, or the `vasm` /
/// `vrun` commands with captured output). The expectation pins the error id and where it is
/// (file:line:col, byte offset, core/pc/pipe, file and axis, exit code and stderr text).
///
/// Files without a `.expect` are auxiliary (included files, kernels and tensors that command
/// lines name). `Fuzz/make_corpus.py` writes the corpus; crashes found by the fuzzers are added
/// there too.
final class HostileInputTests: XCTestCase {
    /// Every category must hold at least one case; the corpus at least `minimumCases`.
    static let categories = ["asm-text", "asm-invalid", "bytecode", "npy", "tensors", "cli-vasm", "cli-vrun", "runtime"]
    static let minimumCases = 150
    /// Wall-clock limit per case. The target is well under a second; the limit leaves room for
    /// a debug build on a loaded 2-CPU host. A case still running after `hangSeconds` is a hang.
    /// `HOSTILE_TIME_SCALE` multiplies both (scripts/sanitizers.sh sets it: TSan and ASan are slow).
    static let timeScale = ProcessInfo.processInfo.environment["HOSTILE_TIME_SCALE"].flatMap(Double.init) ?? 1
    static let slowSeconds = 5.0 * timeScale
    static let hangSeconds = 30.0 * timeScale
    /// Cases with a `pending:` line are known crashes (docs/Robustness.md, "Findings"): running
    /// them would kill the test process, so they are listed but not run unless this is set.
    static let runPending = ProcessInfo.processInfo.environment["HOSTILE_RUN_PENDING"] == "1"

    func testHostileCorpus() throws {
        guard let root = Bundle.module.url(forResource: "Corpus", withExtension: nil) else {
            return XCTFail("the Corpus resource is missing from the test bundle")
        }
        let fm = FileManager.default
        let found = try fm.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertEqual(found, Self.categories.sorted(), "corpus categories")

        var counts: [String: Int] = [:]
        var timings: [(String, Double)] = []
        var pending: [String] = []
        for category in Self.categories {
            let dir = root.appendingPathComponent(category).path
            let names = (try? fm.contentsOfDirectory(atPath: dir)) ?? []
            for expectName in names.filter({ $0.hasSuffix(".expect") }).sorted() {
                let stem = String(expectName.dropLast(".expect".count))
                let inputs = names.filter { $0.hasPrefix(stem + ".") && $0 != expectName && !$0.dropFirst(stem.count + 1).contains(".") }
                guard inputs.count == 1 else {
                    XCTFail("\(category)/\(expectName): expected exactly one input file beside it, found \(inputs)")
                    continue
                }
                let expectation: Expectation
                do { expectation = try Expectation(path: dir + "/" + expectName) } catch {
                    XCTFail("\(category)/\(expectName): \(error)")
                    continue
                }
                let c = CorpusCase(category: category, dir: dir, file: inputs[0], expect: expectation)
                counts[category, default: 0] += 1
                if let reason = expectation.first("pending"), !Self.runPending {
                    pending.append("\(category)/\(c.file): \(reason)")
                    continue
                }
                let (problems, seconds) = Self.runWithTimeout(c)
                timings.append(("\(category)/\(c.file)", seconds))
                for p in problems { XCTFail("\(category)/\(c.file): \(p)") }
                // `seconds: N` in an expectation raises the limit for a case known to be slow (reported in docs/Robustness.md).
                let limit = expectation.first("seconds").flatMap(Double.init).map { $0 * Self.timeScale } ?? Self.slowSeconds
                if seconds > limit {
                    XCTFail("\(category)/\(c.file): took \(String(format: "%.2f", seconds)) s (limit \(limit) s)")
                }
            }
        }
        let total = counts.values.reduce(0, +)
        XCTAssertGreaterThanOrEqual(total - pending.count, Self.minimumCases, "corpus size \(counts), \(pending.count) pending")
        for category in Self.categories {
            XCTAssertGreaterThan(counts[category] ?? 0, 0, "category \(category) is empty")
        }
        let slowest = timings.sorted { $0.1 > $1.1 }.prefix(5).map { "\($0.0) \(String(format: "%.3f", $0.1)) s" }
        for p in pending { print("hostile corpus: pending (not run): \(p)") }
        print("hostile corpus: \(total) cases (\(pending.count) pending) \(counts.sorted { $0.key < $1.key }); slowest: \(slowest.joined(separator: ", "))")
    }

    // MARK: - Running one case on a thread of its own (big stack, hang detection)

    final class Box: @unchecked Sendable {
        var problems: [String] = []
        var seconds = 0.0
    }

    static func runWithTimeout(_ c: CorpusCase) -> ([String], Double) {
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let t0 = Date()
            box.problems = c.run()
            box.seconds = Date().timeIntervalSince(t0)
            done.signal()
        }
        thread.stackSize = 64 << 20
        thread.start()
        if done.wait(timeout: .now() + hangSeconds) == .timedOut {
            // The thread cannot be killed: it keeps running, the test reports the hang.
            return (["did not finish within \(hangSeconds) s (hang)"], hangSeconds)
        }
        return (box.problems, box.seconds)
    }
}

/// `key: value` lines; `#` starts a comment line; a key may repeat (`stderr`, `arg`).
struct Expectation: Sendable {
    var pairs: [(String, String)] = []

    init(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") && !line.allSatisfy(\.isWhitespace) {
            guard let colon = line.firstIndex(of: ":") else { throw ExpectationError(message: "line without ':': \(line)") }
            let key = line[..<colon].trimmingCharacters(in: .whitespaces)
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            pairs.append((key, value))
        }
    }

    func first(_ key: String) -> String? { pairs.first { $0.0 == key }?.1 }
    func all(_ key: String) -> [String] { pairs.filter { $0.0 == key }.map(\.1) }
    func int(_ key: String) -> Int? { first(key).flatMap { Int($0) } }
}

struct ExpectationError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One corpus case: its category picks the layer.
struct CorpusCase: Sendable {
    var category: String
    var dir: String
    var file: String
    var expect: Expectation

    var path: String { dir + "/" + file }

    func run() -> [String] {
        guard expect.first("id") != nil || expect.first("exit") != nil else { return ["the expectation names neither id nor exit"] }
        switch category {
        case "asm-text", "asm-invalid": return runAssembly()
        case "bytecode": return runBytecode()
        case "npy": return runNPY()
        case "runtime": return runRuntime()
        case "tensors", "cli-vasm", "cli-vrun": return runCommandLine()
        default: return ["unknown category \(category)"]
        }
    }

    // MARK: Assembly text and programs

    func runAssembly() -> [String] {
        var options = AssemblerOptions()
        for d in expect.all("define") {
            let parts = d.split(separator: "=", maxSplits: 1).map(String.init)
            options.defines[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let result = Assembler.assemble(path: path, options: options)
        var problems: [String] = []
        if result.program != nil { problems.append("assembled without error") }
        guard let first = result.errors.first else { return problems + ["no error reported"] }
        let at = "\((first.file as NSString).lastPathComponent):\(first.line):\(first.column)"
        let rendered = result.diagnostics.rendered()
        if first.id != expect.first("id") { problems.append("first error is \(first.id), expected \(expect.first("id") ?? "-"):\n\(rendered.prefix(2000))") }
        if let e = expect.first("at"), e != at { problems.append("first error at \(at), expected \(e): \(first.message)") }
        if let m = expect.first("message"), !first.message.contains(m) { problems.append("message '\(first.message)' lacks '\(m)'") }
        for also in expect.all("also") where !result.diagnostics.contains(where: { $0.id == also }) {
            problems.append("no \(also) among the diagnostics")
        }
        return problems
    }

    // MARK: Bytecode

    func runBytecode() -> [String] {
        guard let bytes = CommandIO.readRealFile(path) else { return ["cannot read the case"] }
        switch BytecodeReader.decode(bytes) {
        case .success: return ["decoded without error"]
        case .failure(let e):
            var problems: [String] = []
            if e.id != expect.first("id") { problems.append("error \(e.id), expected \(expect.first("id") ?? "-") (\(e))") }
            if let o = expect.int("offset"), o != e.offset { problems.append("error at byte \(e.offset), expected \(o) (\(e))") }
            return problems
        }
    }

    // MARK: .npy

    func runNPY() -> [String] {
        guard let data = CommandIO.readRealFile(path) else { return ["cannot read the case"] }
        var problems: [String] = []
        func check(_ what: String, _ body: () throws(NPYError) -> NPYArray) {
            do {
                let a = try body()
                problems.append("\(what): read without error (\(a.dtype) \(a.shape))")
            } catch {
                if error.id.rawValue != expect.first("id") { problems.append("\(what): \(error.id.rawValue), expected \(expect.first("id") ?? "-"): \(error)") }
                if let m = expect.first("message"), !error.message.contains(m) { problems.append("\(what): message '\(error.message)' lacks '\(m)'") }
            }
        }
        check("bytes") { () throws(NPYError) in try NPY.read(bytes: data, name: file) }
        check("file") { () throws(NPYError) in try NPY.read(path: path) }
        return problems
    }

    // MARK: Runtime faults

    func runRuntime() -> [String] {
        let assembled = Assembler.assemble(path: path)
        guard let program = assembled.program else { return ["does not assemble:\n\(assembled.diagnostics.rendered())"] }
        var args = KernelArguments()
        for a in expect.all("arg") {
            guard let eq = a.firstIndex(of: "=") else { return ["bad arg '\(a)'"] }
            let name = String(a[..<eq]), spec = String(a[a.index(after: eq)...])
            if let open = spec.firstIndex(of: "["), let t = ElementType(name: String(spec[..<open])),
               let n = Int(spec[spec.index(after: open)...].dropLast()) {
                args[name] = .gm(bytes: [UInt8](repeating: 0, count: n * t.size), elementType: t, shape: [n])
            } else if spec.hasPrefix("bytes:"), let n = Int(spec.dropFirst(6)) {
                args[name] = .gm(bytes: [UInt8](repeating: 0, count: n))
            } else if spec.hasPrefix("i64:"), let v = Int64(spec.dropFirst(4)) {
                args[name] = .int(v)
            } else if spec.hasPrefix("f32:"), let v = Float(spec.dropFirst(4)) {
                args[name] = .float(v)
            } else {
                return ["bad arg '\(a)'"]
            }
        }
        var options = RunOptions(cores: expect.int("cores") ?? 1, threads: 2, strict: expect.first("strict") == "1")
        if let b = expect.int("budget") { options.instructionBudget = b }
        if let c = expect.first("cycles").flatMap(Double.init) { options.cycleBudget = c }
        let machine = Machine.preset("910b2c")!
        switch Simulator.run(program: program, machine: machine, arguments: args, options: options) {
        case .success: return ["ran without error"]
        case .failure(let e):
            var problems: [String] = []
            if e.id != expect.first("id") { problems.append("error \(e.id), expected \(expect.first("id") ?? "-"): \(e)") }
            if let at = expect.first("at") {
                let actual = e.location.map { ($0 as NSString).lastPathComponent } ?? "-"
                if actual != at { problems.append("error at \(actual), expected \(at): \(e)") }
            }
            if let c = expect.first("core"), c != (e.core.map(String.init) ?? "-") { problems.append("core \(e.core.map(String.init) ?? "-"), expected \(c): \(e)") }
            if let pc = expect.int("pc"), pc != e.pc { problems.append("pc \(e.pc.map(String.init) ?? "-"), expected \(pc): \(e)") }
            if let p = expect.first("pipe"), p != e.pipe?.name { problems.append("pipe \(e.pipe?.name ?? "-"), expected \(p): \(e)") }
            if let m = expect.first("message"), !e.message.contains(m) { problems.append("message lacks '\(m)': \(e)") }
            return problems
        }
    }

    // MARK: Command lines (vasm, vrun) with captured output

    final class Captured: @unchecked Sendable {
        var out = ""
        var err = ""
    }

    func runCommandLine() -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return ["cannot read the case"] }
        let tmp = NSTemporaryDirectory() + "hostile-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        guard let command = lines.first else { return ["empty .args"] }
        let args = lines.dropFirst().map { $0.replacingOccurrences(of: "$DIR", with: dir).replacingOccurrences(of: "$TMP", with: tmp) }
        let captured = Captured()
        let io = CommandIO(stdout: { captured.out += $0 }, stderr: { captured.err += $0 })
        let code: Int32
        switch command {
        case "vasm": code = VasmCommand.run(Array(args), io: io)
        case "vrun": code = VrunCommand.run(Array(args), io: io)
        default: return ["unknown command \(command)"]
        }
        var problems: [String] = []
        if let e = expect.int("exit"), Int32(e) != code { problems.append("exit \(code), expected \(e); stderr:\n\(captured.err.prefix(2000))") }
        for f in expect.all("stderr") where !captured.err.contains(f) { problems.append("stderr lacks '\(f)':\n\(captured.err.prefix(2000))") }
        for f in expect.all("stdout") where !captured.out.contains(f) { problems.append("stdout lacks '\(f)':\n\(captured.out.prefix(2000))") }
        if let id = expect.first("id"), !captured.err.contains("[\(id)]") { problems.append("stderr lacks [\(id)]") }
        return problems
    }
}
