/// One source file held in memory, with the byte offset of every line start computed once when
/// the file is loaded, so that a diagnostic's line and column come from a binary search rather
/// than from splitting the whole text again for each error.
final class SourceBuffer {
    let path: String
    let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    let lineStarts: [Int]

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        // A final newline does not start another line.
        if starts.count > 1, starts.last == bytes.count { starts.removeLast() }
        self.lineStarts = starts
    }

    var lineCount: Int { bytes.isEmpty ? 0 : lineStarts.count }

    /// Byte range of line `index` (0-based), without its newline or a carriage return before it.
    func lineRange(_ index: Int) -> Range<Int> {
        let start = lineStarts[index]
        var end = index + 1 < lineStarts.count ? lineStarts[index + 1] : bytes.count
        if end > start, bytes[end - 1] == 0x0A { end -= 1 }
        if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        return start..<max(start, end)
    }

    /// 1-based line and column of a byte offset.
    func position(of offset: Int) -> (line: Int, column: Int) {
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return (lo + 1, offset - lineStarts[lo] + 1)
    }

    /// Text of 1-based line `line`, for rendering diagnostics (invalid UTF-8 is repaired).
    func text(ofLine line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        return String(decoding: bytes[lineRange(line - 1)], as: UTF8.self)
    }
}

/// Checks of the raw bytes of a source file: the language is UTF-8 text without NUL bytes.
enum SourceCheck {
    /// The offset and kind of the first NUL byte or invalid UTF-8 sequence, or nil if the bytes
    /// are clean text.
    static func firstProblem(in bytes: [UInt8]) -> (offset: Int, isNul: Bool)? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0 { return (i, true) }
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minSecond: UInt8 = 0x80, maxSecond: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; minSecond = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; maxSecond = 0x9F
            case 0xF0: length = 4; minSecond = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; maxSecond = 0x8F
            default: return (i, false)
            }
            guard i + length <= n else { return (i, false) }
            let second = bytes[i + 1]
            guard second >= minSecond, second <= maxSecond else { return (i, false) }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return (i, false) }
            i += length
        }
        return nil
    }
}
