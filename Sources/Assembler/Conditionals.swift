/// Conditional assembly: `.if EXPR`, `.ifdef NAME`, `.ifndef NAME`, `.elif EXPR`, `.else`,
/// `.endif`. Each frame (file or macro expansion) has its own stack, so a conditional must close
/// in the file or macro body that opened it.
extension AssemblyContext {
    /// A conditional directive on an assembled (active) line.
    func conditional(_ name: String, _ line: StatementTokens) {
        let top = frames.count - 1
        let site = line.view.site(line.headToken.start)
        switch name {
        case ".if", ".ifdef", ".ifndef":
            let value = condition(name, line) ?? false
            frames[top].conditionals.append(Conditional(parentActive: true, taken: value, active: value, elseSeen: false, site: site))
        default:
            branch(name, line.view, at: line.headToken.start) { self.condition(".elif", line) ?? false }
        }
    }

    /// A conditional directive inside a skipped branch: nesting is tracked, and an `.elif` whose
    /// branch may become active is evaluated. Other lines of a skipped branch are not read at all.
    func handleConditionalWhileSkipping(_ word: String, _ view: LineView) -> Bool {
        let top = frames.count - 1
        var start = view.range.lowerBound
        while start < view.range.upperBound, isSpace(view.bytes[start]) { start += 1 }
        switch word {
        case ".if", ".ifdef", ".ifndef":
            frames[top].conditionals.append(Conditional(parentActive: false, taken: true, active: false, elseSeen: false, site: view.site(start)))
        default:
            branch(word, view, at: start) {
                switch Lexer.tokenize(view.bytes, view.range) {
                case .failure(let e):
                    self.error(e, view)
                    return false
                case .success(let r):
                    return self.condition(".elif", StatementTokens(view: view, tokens: r.tokens, strings: r.strings, head: 0)) ?? false
                }
            }
        }
        return true
    }

    /// `.elif`, `.else` or `.endif` on the current frame's stack; `evaluate` is called only when
    /// an `.elif` branch could become active.
    private func branch(_ word: String, _ view: LineView, at offset: Int, evaluate: () -> Bool) {
        let top = frames.count - 1
        guard var c = frames[top].conditionals.last else {
            error("asm.unbalanced-conditional", "'\(word)' without '.if'", view, offset)
            return
        }
        switch word {
        case ".endif":
            frames[top].conditionals.removeLast()
            return
        case ".else":
            if c.elseSeen {
                error("asm.unbalanced-conditional", "second '.else' for one '.if'", view, offset, notes: [(c.site, "'.if' is here")])
                return
            }
            c.elseSeen = true
            c.active = c.parentActive && !c.taken
            c.taken = true
        default: // .elif
            if c.elseSeen {
                error("asm.unbalanced-conditional", "'.elif' after '.else'", view, offset, notes: [(c.site, "'.if' is here")])
                return
            }
            if c.parentActive && !c.taken {
                let v = evaluate()
                c.active = v
                c.taken = v
            } else {
                c.active = false
            }
        }
        frames[top].conditionals[frames[top].conditionals.count - 1] = c
    }

    /// The truth of `.if EXPR` / `.elif EXPR` / `.ifdef NAME` / `.ifndef NAME`; nil after an error.
    private func condition(_ name: String, _ line: StatementTokens) -> Bool? {
        let ranges = line.operandRanges
        let at = line.headToken.end
        guard ranges.count == 1, !ranges[0].isEmpty else {
            error("asm.syntax", "'\(name)' takes one \(name.hasPrefix(".ifd") || name.hasPrefix(".ifn") ? "name" : "expression")", line.view, at)
            return nil
        }
        if name == ".ifdef" || name == ".ifndef" {
            let r = ranges[0]
            guard r.count == 1, line.tokens[r.lowerBound].kind == .identifier else {
                error("asm.syntax", "'\(name)' takes one name", line.view, line.offset(of: r))
                return nil
            }
            let defined = symbols[text(line.view, line.tokens[r.lowerBound])] != nil
            return name == ".ifdef" ? defined : !defined
        }
        do {
            return try evaluate(line, ranges[0]) != 0
        } catch {
            self.error(error, line.view)
            return nil
        }
    }
}
