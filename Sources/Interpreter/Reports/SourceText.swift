import ISA

/// The text of source lines, for traces and profiles that show the line an instruction came
/// from. The program's debug table holds only file names and positions; the text is read on
/// demand through `reader` (the command passes its file access, tests an in-memory map), once
/// per file. A file that cannot be read simply has no text: reports then show the location alone.
///
/// Not thread-safe (it caches); build one per report.
public final class SourceText {
    private let files: [String]
    private let reader: (String) -> [UInt8]?
    private var cache: [Int: [String]?] = [:]

    /// `files` is the program's `debug.files`; `reader` returns a file's bytes or nil.
    public init(files: [String], reader: @escaping (String) -> [UInt8]?) {
        self.files = files
        self.reader = reader
    }

    /// No text for any line (locations are still shown).
    public static func none(_ program: Program) -> SourceText {
        SourceText(files: program.debug.files) { _ in nil }
    }

    /// Line `line` (1-based) of file index `file`, without its newline and with surrounding
    /// blanks trimmed; nil when unknown.
    public func line(file: Int, line: Int) -> String? {
        guard file >= 0, file < files.count, line >= 1 else { return nil }
        if cache[file] == nil {
            // Split on the byte 0x0A: as Characters, "\r\n" is one grapheme and never equals "\n".
            let lines = reader(files[file]).map { bytes in
                bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            }
            cache.updateValue(lines, forKey: file)  // a nil (unreadable) is cached too
        }
        guard let lines = cache[file] ?? nil, line <= lines.count else { return nil }
        return SourceText.trim(lines[line - 1][...])
    }

    /// The source line of instruction `pc` in `program`, or nil.
    public func line(of program: Program, pc: Int) -> String? {
        guard pc >= 0, pc < program.debug.locations.count else { return nil }
        let l = program.debug.locations[pc]
        return line(file: Int(l.file), line: Int(l.line))
    }

    static func trim(_ s: Substring) -> String {
        var t = s
        while let c = t.last, c == "\r" || c == " " || c == "\t" { t.removeLast() }
        while let c = t.first, c == " " || c == "\t" { t.removeFirst() }
        return String(t)
    }
}
