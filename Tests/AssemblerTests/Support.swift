import Assembler
import ISA
import XCTest

/// Assembles in-memory sources: `main` is the file `path`, `files` are what `.include` may read.
func assemble(_ main: String, path: String = "main.asm", files: [String: String] = [:], defines: [String: String] = [:],
              ubSize: UInt32? = nil) -> AssemblyResult {
    let table = files.mapValues { Array($0.utf8) }
    let options = AssemblerOptions(defines: defines, ubSize: ubSize, fileReader: { table[$0] })
    return Assembler.assemble(source: Array(main.utf8), path: path, options: options)
}

/// Assembles a source that must succeed, failing the test with the diagnostics otherwise.
func assembleOK(_ main: String, files: [String: String] = [:], defines: [String: String] = [:],
                file: StaticString = #filePath, line: UInt = #line) -> Program? {
    let r = assemble(main, files: files, defines: defines)
    if r.program == nil { XCTFail("assembly failed:\n\(r.diagnostics.rendered())", file: file, line: line) }
    return r.program
}

/// A small deterministic generator (SplitMix64), so that property tests are reproducible.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The repository root, found from this file's path (Tests/AssemblerTests/Support.swift).
func repositoryRoot(_ file: String = #filePath) -> String {
    var parts = file.split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(3)
    return parts.joined(separator: "/")
}
