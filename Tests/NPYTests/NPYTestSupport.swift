import Foundation
import XCTest
import NPY

/// Builds a `.npy` image by hand: magic, version, length field, header text as given, data.
/// Independent of `NPY.encode`, so tests of the reader do not lean on the writer.
func handMadeNPY(major: UInt8 = 1, minor: UInt8 = 0, header: String, data: [UInt8], pad: Bool = true) -> [UInt8] {
    var text = Array(header.utf8)
    let prefix = major == 1 ? 10 : 12
    if pad {
        while (prefix + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0a)
    }
    var out: [UInt8] = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, minor]
    let n = text.count
    out += [UInt8(n & 0xff), UInt8((n >> 8) & 0xff)]
    if major != 1 { out += [UInt8((n >> 16) & 0xff), UInt8((n >> 24) & 0xff)] }
    return out + text + data
}

/// Little-endian bytes of float32 values, spelled out independently of the module.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { v -> [UInt8] in
        let b = v.bitPattern
        return [UInt8(b & 0xff), UInt8((b >> 8) & 0xff), UInt8((b >> 16) & 0xff), UInt8(b >> 24)]
    }
}

/// A fresh temporary directory for one test.
func temporaryDirectory(_ name: String = #function) throws -> String {
    let dir = NSTemporaryDirectory() + "npytests-\(ProcessInfo.processInfo.processIdentifier)-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// Runs `body` and returns the NPYError it throws (failing the test if it throws none).
func npyError<T>(_ body: () throws(NPYError) -> T, file: StaticString = #filePath, line: UInt = #line) -> NPYError? {
    do {
        _ = try body()
        XCTFail("expected an NPYError", file: file, line: line)
        return nil
    } catch {
        return error
    }
}
