import Interpreter

/// The chart of `docs/results.md`, as a hand-written SVG (no dependencies): horizontal bars with
/// their values written next to them. Top: each design's time per pass (each pass scaled to its
/// slowest design). Bottom: the ablation, each configuration's inference and training time
/// relative to the default.
extension MSDAResultsReport {
    public func svg() -> String {
        let width = 960.0, labelWidth = 250.0, barMax = 470.0, barHeight = 16.0, gap = 4.0
        let colors: [MSDADesign: String] = [.xmsda: "#2b7bb9", .vendor: "#e08a1e", .baseline: "#8c8c8c"]
        var body = ""
        var y = 34.0
        func text(_ x: Double, _ y: Double, _ s: String, size: Int = 12, weight: String = "normal", anchor: String = "start") {
            body += "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(size)\" font-weight=\"\(weight)\" text-anchor=\"\(anchor)\">\(Self.escape(s))</text>\n"
        }
        func bar(_ label: String, _ fraction: Double, _ color: String, _ value: String) {
            text(labelWidth - 8, y + barHeight - 4, label, anchor: "end")
            let w = max(1, min(1, fraction) * barMax)
            body += "<rect x=\"\(f(labelWidth))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(barHeight))\" fill=\"\(color)\"/>\n"
            text(labelWidth + w + 6, y + barHeight - 4, value)
            y += barHeight + gap
        }

        text(16, y, "MSDA on the \(machine.name) model: workload \(workload), \(dtype == .f16 ? "fp16" : "fp32"), \(cores) cores", size: 16, weight: "bold")
        y += 26
        text(16, y, "Simulated time per pass (microseconds; lower is better; each pass scaled to its slowest design)", size: 13, weight: "bold")
        y += 12
        for pass in MSDAPass.allCases {
            y += 8
            text(16, y + 10, pass.rawValue, weight: "bold")
            y += 16
            let slowest = designs.map { $0.row.timing(pass).microseconds }.max() ?? 1
            let xmsda = row(.xmsda)?.timing(pass).microseconds
            for (d, r) in designs {
                let t = r.timing(pass).microseconds
                var value = "\(ReportFormat.fixed(t, 1)) us"
                if let x = xmsda, d != .xmsda, x > 0 { value += " (\(ReportFormat.fixed(t / x, 2))x xMSDA)" }
                bar(d.rawValue, slowest > 0 ? t / slowest : 0, colors[d] ?? "#444", value)
            }
        }

        y += 24
        text(16, y, "xMSDA ablation: time relative to the default design (higher is slower)", size: 13, weight: "bold")
        y += 12
        let def = ablation.first?.row
        let rel: [(String, Double, Double)] = ablation.map { a in
            let inf = def.map { a.row.timing(.inference).microseconds / $0.timing(.inference).microseconds } ?? 1
            let tr = def.map { a.row.timing(.training).microseconds / $0.timing(.training).microseconds } ?? 1
            return (Self.configName(a.switches), inf, tr)
        }
        let top = max(1, rel.map { max($0.1, $0.2) }.max() ?? 1)
        for (i, a) in ablation.enumerated() {
            y += 8
            text(16, y + 10, rel[i].0, weight: "bold")
            y += 16
            bar("forward inference", rel[i].1 / top, "#2b7bb9",
                "\(ReportFormat.fixed(rel[i].1, 3))x (\(ReportFormat.fixed(a.row.timing(.inference).microseconds, 1)) us)")
            bar("training (fwd + bwd)", rel[i].2 / top, "#5aa469",
                "\(ReportFormat.fixed(rel[i].2, 3))x (\(ReportFormat.fixed(a.row.timing(.training).microseconds, 1)) us)")
        }
        y += 16
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(y))\" viewBox=\"0 0 \(f(width)) \(f(y))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        s += "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(y))\" fill=\"white\"/>\n"
        s += body
        s += "</svg>\n"
        return s
    }

    private func f(_ d: Double) -> String { ReportFormat.fixed(d, 1) }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
