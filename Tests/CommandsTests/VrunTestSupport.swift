import Commands
import Foundation
import XCTest

/// Shared pieces of the `vrun` tests: running the command with captured output in a temporary
/// directory, and a minimal `.npy` encoder/decoder written from the format description
/// (numpy.lib.format) independently of the NPY module, so the tests check vrun's files against
/// a second implementation rather than against itself.
class VrunTestCase: XCTestCase {
    final class Captured: @unchecked Sendable {
        var out = ""
        var err = ""
    }

    var dir = ""
    /// The repository root (this file is Tests/CommandsTests/VrunTestSupport.swift).
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static func example(_ name: String) -> String { root + "/kernels/examples/" + name }

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "vrun-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: dir)
    }

    func run(_ args: [String]) -> (code: Int32, out: String, err: String) {
        let c = Captured()
        let io = CommandIO(stdout: { c.out += $0 }, stderr: { c.err += $0 })
        let code = VrunCommand.run(args, io: io)
        return (code, c.out, c.err)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(text.utf8))
        return p
    }

    @discardableResult
    func writeNPY(_ name: String, descr: String, shape: [Int], data: [UInt8]) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(TestNPY.encode(descr: descr, shape: shape, data: data)))
        return p
    }

    @discardableResult
    func writeFloats(_ name: String, _ values: [Float], shape: [Int]? = nil) -> String {
        writeNPY(name, descr: "<f4", shape: shape ?? [values.count], data: TestNPY.bytes(values))
    }

    @discardableResult
    func writeInt32s(_ name: String, _ values: [Int32]) -> String {
        writeNPY(name, descr: "<i4", shape: [values.count], data: values.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) })
    }

    func readNPY(_ name: String, file: StaticString = #filePath, line: UInt = #line) -> TestNPY.Array? {
        guard let d = FileManager.default.contents(atPath: path(name)) else {
            XCTFail("no file \(name)", file: file, line: line)
            return nil
        }
        let a = TestNPY.decode([UInt8](d))
        if a == nil { XCTFail("\(name) is not a valid .npy file", file: file, line: line) }
        return a
    }

    /// Parses one JSON object (the whole of `text`).
    func jsonObject(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [String: Any] {
        guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            XCTFail("not one JSON object: \(text.prefix(400))", file: file, line: line)
            return [:]
        }
        return o
    }

    /// Deterministic pseudo-random floats (xorshift), exactly representable halves and quarters.
    static func values(_ n: Int, seed: UInt32) -> [Float] {
        var s = seed | 1
        return (0..<n).map { _ in
            s ^= s << 13; s ^= s >> 17; s ^= s << 5
            return Float(Int(s % 4001) - 2000) / 4
        }
    }
}

/// `.npy` format 1.0: magic, version, little-endian header length, a Python dict literal padded
/// with spaces to a multiple of 64 bytes and ended by a newline, then the data.
enum TestNPY {
    struct Array {
        var descr: String
        var shape: [Int]
        var data: [UInt8]

        var floats: [Float] {
            stride(from: 0, to: data.count - 3, by: 4).map { i in
                Float(bitPattern: UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24)
            }
        }
    }

    static func bytes(_ f: [Float]) -> [UInt8] { f.flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Swift.Array.init) } }

    static func encode(descr: String, shape: [Int], data: [UInt8]) -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        let n = header.utf8.count
        return [0x93] + Swift.Array("NUMPY".utf8) + [1, 0, UInt8(n & 0xFF), UInt8(n >> 8)] + Swift.Array(header.utf8) + data
    }

    static func decode(_ b: [UInt8]) -> Array? {
        guard b.count >= 10, b[0] == 0x93, Swift.Array(b[1..<6]) == Swift.Array("NUMPY".utf8), b[6] == 1 else { return nil }
        let n = Int(b[8]) | Int(b[9]) << 8
        guard 10 + n <= b.count, (10 + n) % 64 == 0 else { return nil }
        let header = String(decoding: b[10..<(10 + n)], as: UTF8.self)
        guard let d0 = header.range(of: "'descr': '"), let d1 = header[d0.upperBound...].firstIndex(of: "'"),
              let s0 = header.range(of: "'shape': ("), let s1 = header[s0.upperBound...].firstIndex(of: ")"),
              header.contains("'fortran_order': False") else { return nil }
        let shape = header[s0.upperBound..<s1].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return Array(descr: String(header[d0.upperBound..<d1]), shape: shape, data: Swift.Array(b[(10 + n)...]))
    }
}
