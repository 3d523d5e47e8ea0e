/// Kinds of tokens of one source line.
enum TokenKind: UInt8, Sendable {
    /// A name: a letter, `_` or `.` first, then letters, digits, `_` and `.`. Mnemonics with
    /// suffixes (`vadd.f32`), directives (`.param`), local labels (`.next`) and parameter kinds
    /// (`gm.f32`) are all single identifiers, split later where needed.
    case identifier
    /// An integer literal; its magnitude is in `Token.value`.
    case integer
    /// A float literal (has a `.` or an exponent); parsed from its text when needed.
    case float
    /// A string literal in double quotes; its decoded text is in `Lexer.strings[Token.value]`.
    case string
    case comma, colon, lparen, rparen, assign
    case plus, minus, star, slash, percent
    case shl, shr, lt, le, gt, ge, eq, ne
    case amp, caret, pipe, andand, oror, bang, tilde
}

/// One token: its kind and its byte range in the line's bytes.
struct Token: Sendable {
    var kind: TokenKind
    var start: Int
    var end: Int
    /// Integer magnitude (for `.integer`) or string index (for `.string`).
    var value: UInt64 = 0
}

extension TokenKind {
    /// How the kind is shown in "expected ..., found ..." messages.
    var display: String {
        switch self {
        case .identifier: "a name"
        case .integer: "an integer"
        case .float: "a float"
        case .string: "a string"
        case .comma: "','"
        case .colon: "':'"
        case .lparen: "'('"
        case .rparen: "')'"
        case .assign: "'='"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .shl: "'<<'"
        case .shr: "'>>'"
        case .lt: "'<'"
        case .le: "'<='"
        case .gt: "'>'"
        case .ge: "'>='"
        case .eq: "'=='"
        case .ne: "'!='"
        case .amp: "'&'"
        case .caret: "'^'"
        case .pipe: "'|'"
        case .andand: "'&&'"
        case .oror: "'||'"
        case .bang: "'!'"
        case .tilde: "'~'"
        }
    }
}

/// ASCII character classes used by the lexer and the preprocessor.
@inline(__always) func isIdentStart(_ c: UInt8) -> Bool {
    (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F
}
@inline(__always) func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
@inline(__always) func isIdentChar(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) || c == 0x2E }
@inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C }
